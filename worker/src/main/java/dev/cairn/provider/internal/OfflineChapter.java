package dev.cairn.provider.internal;

import dev.cairn.provider.OfflineMarks;
import dev.cairn.provider.ProviderRequest.OutlineEntry;
import dev.cairn.provider.internal.Passages.Passage;
import dev.cairn.provider.internal.Passages.Source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The offline provider's chapters: an outline whose section titles are the source's own headings (those
 * that match the topic best) or, when it has too few, its most frequent terms; and sections made of the
 * source sentences that match their title and the topic best (BM25). The passages are shared out between
 * the sections in turns from the whole outline, which every section call carries, so no sentence appears
 * twice in a chapter and every call gives the same answer for the same request.
 */
final class OfflineChapter {

    /** Passages under the heading a section is named after come first. */
    private static final double HEADING_BONUS = 1_000;
    private static final double TITLE_WEIGHT = 3;
    private static final int MIN_PER_SECTION = 2;
    private static final int MAX_PER_SECTION = 8;

    private OfflineChapter() {
    }

    /**
     * @param topic    the user's topic, used verbatim as the chapter's title
     * @param sections how many sections
     * @param text     the sources, may be empty
     * @return the outline's title and sections
     */
    static Drafted outline(String topic, int sections, String text) {
        Source source = Passages.parse(text);
        String title = topic.isBlank() ? (source.headings().isEmpty() ? "Extracts" : source.headings().getFirst()) : topic;
        if (source.isEmpty()) return new Drafted(title, numbered(title, sections));
        Bm25 bm25 = bm25(source);
        List<String> titles = titles(source, bm25, topic, sections);
        List<OutlineEntry> entries = titles.stream().map(t -> new OutlineEntry(t, "")).toList();
        List<List<Integer>> picks = assign(source, bm25, topic, entries);
        List<OutlineEntry> out = new ArrayList<>(sections);
        for (int i = 0; i < sections; i++) {
            // why: the summary is the section's best passage: what the source itself says about it
            String summary = picks.get(i).isEmpty() ? "" : source.passages().get(picks.get(i).getFirst()).text();
            out.add(new OutlineEntry(titles.get(i), summary));
        }
        return new Drafted(title, out);
    }

    /**
     * @param topic   the chapter's topic
     * @param outline every section of the outline
     * @param index   the section to write
     * @param text    the sources, may be empty
     * @return the section in Markdown, starting with {@link OfflineMarks#SECTION_MARKER}
     */
    static String section(String topic, List<OutlineEntry> outline, int index, String text) {
        return section(plan(topic, outline, text), index);
    }

    /**
     * Which passages go to which section of a chapter: the same for every section of it, so a caller that
     * writes several sections of one chapter may keep it.
     *
     * @param topic   the chapter's topic
     * @param outline every section of the outline
     * @param text    the sources, may be empty
     * @return the plan
     */
    static Plan plan(String topic, List<OutlineEntry> outline, String text) {
        Source source = Passages.parse(text);
        List<List<Integer>> picks = source.isEmpty() ? List.of() : assign(source, bm25(source), topic, outline);
        return new Plan(topic, List.copyOf(outline), text, source, picks);
    }

    /**
     * A chapter's passages shared out between its sections.
     *
     * @param topic   the topic it was made for
     * @param outline the outline it was made for
     * @param text    the sources it was made from
     * @param source  the parsed sources
     * @param picks   each section's passages, best first
     */
    record Plan(String topic, List<OutlineEntry> outline, String text, Source source, List<List<Integer>> picks) {
        /** @return whether the plan was made for this chapter */
        boolean isFor(String topic, List<OutlineEntry> outline, String text) {
            return this.topic.equals(topic) && this.outline.equals(outline) && this.text.equals(text);
        }
    }

    /**
     * @param plan  the chapter's plan
     * @param index the section to write
     * @return the section in Markdown, starting with {@link OfflineMarks#SECTION_MARKER}
     */
    static String section(Plan plan, int index) {
        OutlineEntry entry = plan.outline().get(index);
        String title = entry.title().isBlank() ? plan.topic() : entry.title().strip();
        StringBuilder out = new StringBuilder(OfflineMarks.SECTION_MARKER).append("\n\n## ").append(title).append("\n\n");
        Source source = plan.source();
        if (source.isEmpty()) {
            out.append(index == 0 ? noSources(plan.text()) : "No source text, so there is nothing to extract for this section.");
            return out.append('\n').toString();
        }
        List<Integer> picks = new ArrayList<>(plan.picks().get(index));
        if (picks.isEmpty()) {
            out.append("_No further passage of the sources matches “").append(title).append("”; the offline provider writes only extracts._");
            return out.append('\n').toString();
        }
        picks.sort(Comparator.naturalOrder());
        int block = -1;
        for (int p : picks) {
            Passage passage = source.passages().get(p);
            // why: sentences of one source paragraph stay one paragraph; others start a new one
            if (block >= 0) out.append(passage.block() == block ? " " : "\n\n");
            out.append(passage.text());
            block = passage.block();
        }
        return out.append('\n').toString();
    }

    /** An outline's title and sections. */
    record Drafted(String title, List<OutlineEntry> sections) {
    }

    private static String noSources(String text) {
        String why = text.isBlank() ? "this job gave it none" : "the sources hold no running text (only headings, contents, index or front matter)";
        return "The offline provider writes only extracts of source documents, and " + why + ", so this chapter has no text. "
                + "For a chapter from a document, process the PDF first (`cairn enqueue pdf <file>`) and pass that job's id "
                + "with `--source-job <pdf job id>`; for written text, set `CAIRN_PROVIDERS` to an OpenAI-compatible provider.";
    }

    private static List<OutlineEntry> numbered(String title, int sections) {
        List<OutlineEntry> out = new ArrayList<>(sections);
        for (int i = 1; i <= sections; i++) {
            out.add(new OutlineEntry(sections == 1 ? title : title + " (" + i + "/" + sections + ")", ""));
        }
        return out;
    }

    static Bm25 bm25(Source source) {
        return new Bm25(source.passages().stream().map(Passage::terms).toList());
    }

    // Section titles in source order: the headings that match the topic best, then frequent terms.
    private static List<String> titles(Source source, Bm25 bm25, String topic, int sections) {
        Map<String, Double> topicQuery = query(List.of(Map.entry(topic, 1.0)));
        Map<String, Integer> firstPassage = new LinkedHashMap<>();
        Map<String, Double> relevance = new HashMap<>();
        for (Passage p : source.passages()) {
            if (p.heading().isEmpty() || !source.headings().contains(p.heading())) continue;
            firstPassage.putIfAbsent(p.heading(), p.index());
            relevance.merge(p.heading(), bm25.score(topicQuery, p.index()), Double::sum);
        }
        for (String h : firstPassage.keySet()) {
            for (String t : new HashSet<>(Terms.of(h))) if (topicQuery.containsKey(t)) relevance.merge(h, HEADING_BONUS, Double::sum);
        }
        List<String> headings = new ArrayList<>(firstPassage.keySet());
        headings.sort(Comparator.<String>comparingDouble(h -> -relevance.getOrDefault(h, 0.0)).thenComparingInt(firstPassage::get));
        Map<String, Integer> chosen = new HashMap<>();
        for (String h : headings.subList(0, Math.min(sections, headings.size()))) chosen.put(h, firstPassage.get(h));

        Set<String> taken = new HashSet<>(topicQuery.keySet());
        chosen.keySet().forEach(h -> taken.addAll(Terms.of(h)));
        for (Term term : salientTerms(source, bm25)) {
            if (chosen.size() >= sections) break;
            if (taken.contains(term.term()) || term.term().length() < 4) continue;
            taken.add(term.term());
            chosen.put(term.surface(), term.first());
        }
        List<String> titles = new ArrayList<>(chosen.keySet());
        titles.sort(Comparator.<String>comparingInt(chosen::get).thenComparing(Comparator.naturalOrder()));
        String base = topic.isBlank() ? "Extracts" : topic;
        for (int k = titles.size() + 1; titles.size() < sections; k++) titles.add(base + " (" + k + ")");
        return titles;
    }

    /** A frequent term, as the source spells it most often, and the first passage it occurs in. */
    private record Term(String term, String surface, int count, int first) {
    }

    private static List<Term> salientTerms(Source source, Bm25 bm25) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> first = new HashMap<>();
        Map<String, Map<String, Integer>> spellings = new HashMap<>();
        for (Passage p : source.passages()) {
            for (String word : p.text().split("[^\\p{L}\\p{M}]+")) {
                String t = word.toLowerCase(Locale.ROOT);
                if (t.length() < Terms.MIN_LENGTH || Terms.isStopWord(t)) continue;
                counts.merge(t, 1, Integer::sum);
                first.putIfAbsent(t, p.index());
                spellings.computeIfAbsent(t, k -> new TreeMap<>()).merge(word, 1, Integer::sum);
            }
        }
        List<Term> terms = new ArrayList<>();
        counts.forEach((t, n) -> {
            String surface = spellings.get(t).entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElseThrow().getKey();
            surface = surface.substring(0, 1).toUpperCase(Locale.ROOT) + surface.substring(1);
            terms.add(new Term(t, surface, n, first.get(t)));
        });
        // why: frequent terms that are not everywhere name a part of the source, not all of it
        terms.sort(Comparator.<Term>comparingDouble(t -> -t.count() * bm25.idf(t.term())).thenComparingInt(Term::first)
                .thenComparing(Term::term));
        return terms;
    }

    /**
     * Shares the passages out between the sections: in turns, each section takes its best-scoring passage
     * that no section has taken yet, up to a fair share each. Passages that match nothing are never taken.
     *
     * @return for each section, the indexes of its passages, best first
     */
    static List<List<Integer>> assign(Source source, Bm25 bm25, String topic, List<OutlineEntry> outline) {
        int n = outline.size();
        int share = Math.clamp(source.passages().size() / Math.max(1, n), MIN_PER_SECTION, MAX_PER_SECTION);
        List<List<Integer>> ranked = new ArrayList<>(n);
        for (OutlineEntry entry : outline) {
            Map<String, Double> q = query(List.of(Map.entry(entry.title(), TITLE_WEIGHT), Map.entry(entry.summary(), 1.0),
                    Map.entry(topic, 1.0)));
            String heading = entry.title().strip();
            double[] scores = new double[bm25.size()];
            List<Integer> candidates = new ArrayList<>();
            for (Passage p : source.passages()) {
                double s = bm25.score(q, p.index()) + (p.heading().equals(heading) ? HEADING_BONUS : 0);
                scores[p.index()] = s;
                if (s > 0) candidates.add(p.index());
            }
            candidates.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
            ranked.add(candidates);
        }
        boolean[] used = new boolean[bm25.size()];
        int[] next = new int[n];
        List<List<Integer>> picks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) picks.add(new ArrayList<>());
        for (int round = 0; round < share; round++) {
            for (int i = 0; i < n; i++) {
                List<Integer> c = ranked.get(i);
                while (next[i] < c.size() && used[c.get(next[i])]) next[i]++;
                if (next[i] == c.size()) continue;
                int p = c.get(next[i]++);
                used[p] = true;
                picks.get(i).add(p);
            }
        }
        return picks;
    }

    // Term weights of several texts; a term of several texts adds their weights. Sorted, so sums are ordered.
    private static Map<String, Double> query(List<Map.Entry<String, Double>> texts) {
        Map<String, Double> q = new TreeMap<>();
        for (Map.Entry<String, Double> text : texts) {
            for (String t : Terms.of(text.getKey())) q.merge(t, text.getValue(), Double::sum);
        }
        return q;
    }
}
