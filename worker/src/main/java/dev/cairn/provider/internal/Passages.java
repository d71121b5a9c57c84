package dev.cairn.provider.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The passages the offline provider may quote: the running-text sentences of a source, each once, with
 * the Markdown heading they stand under. Left out: tables of contents (dot leaders, lines ending in page
 * numbers, "Contents"/"Inhaltsverzeichnis" blocks), indexes and other blocks dominated by numbers, title
 * and copyright lines, running headers and footers (short lines repeated on many pages), and fragments
 * that are not sentences (no capital start, no closing punctuation, fewer than five words).
 */
final class Passages {

    /** Source text beyond this is ignored, which keeps the offline provider fast on book-sized sources. */
    static final int MAX_SOURCE_CHARS = 200_000;

    /**
     * One sentence of the source.
     *
     * @param index   its position among the passages
     * @param block   the paragraph (blank-line-separated block) it comes from, to keep neighbours together
     * @param heading the Markdown heading it stands under, empty before the first
     * @param text    the sentence, whitespace collapsed
     * @param terms   its {@link Terms}
     */
    record Passage(int index, int block, String heading, String text, List<String> terms) {
    }

    /**
     * A parsed source.
     *
     * @param passages its sentences in order, each once
     * @param headings its usable Markdown headings in order, each once, each with at least one passage under it
     */
    record Source(List<Passage> passages, List<String> headings) {
        boolean isEmpty() {
            return passages.isEmpty();
        }
    }

    private static final Pattern MD_HEADING = Pattern.compile("^ {0,3}#{1,6}[ \\t]+(.*?)[ \\t#]*$");
    private static final Pattern HYPHEN_BREAK = Pattern.compile("(\\p{Ll})-[ \\t]*\\r?\\n[ \\t]*(\\p{Ll})");
    private static final Pattern DOT_LEADER = Pattern.compile("(?:\\.[ \\t]?){4,}|…[ \\t]?…|(?:·[ \\t]?){3,}|_{4,}");
    /** A line that ends in a page number after a word: a table-of-contents or index entry. */
    private static final Pattern PAGE_REFERENCE = Pattern.compile("^.{1,100}?[\\p{L})][ \\t,]+\\d{1,4}(?:[–-]\\d{1,4})?$");
    private static final Pattern PAGE_TITLE = Pattern.compile("(?i)^(?:pages?|seiten?|s\\.)\\s*\\d+(?:\\s*[–-]\\s*\\d+)?$");
    private static final Pattern SKIP_TITLE = Pattern.compile("(?iu)^(?:\\d+(?:\\.\\d+)*\\s+)?(?:table of contents|contents|index|"
            + "inhaltsverzeichnis|inhalt|stichwortverzeichnis|sachverzeichnis|sachregister|register|"
            + "literaturverzeichnis|literatur|bibliography|references|abbildungsverzeichnis|tabellenverzeichnis|"
            + "list of figures|list of tables|impressum|copyright)\\s*:?$");
    private static final Pattern FRONT_MATTER = Pattern.compile("(?iu)©|\\(c\\)\\s*\\d{4}|\\bisbn\\b|all rights reserved|"
            + "alle rechte vorbehalten|\\bcopyright\\b|printed in |gedruckt in |bibliografische information|d-nb\\.de|"
            + "library of congress");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…][\"'”’)\\]]*$");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final int MAX_SENTENCE_CHARS = 500;
    private static final int MIN_WORDS = 5;

    private Passages() {
    }

    /**
     * @param text a source: Markdown chapters, or page texts separated by blank lines
     * @return its passages and headings
     */
    static Source parse(String text) {
        String s = text.length() > MAX_SOURCE_CHARS ? text.substring(0, MAX_SOURCE_CHARS) : text;
        s = HYPHEN_BREAK.matcher(s.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("$1$2");
        String[] lines = s.split("\n", -1);
        Set<String> running = runningLines(lines);

        List<Passage> passages = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Integer> headingPassages = new HashMap<>();
        List<String> headings = new ArrayList<>();
        String heading = "";
        boolean skipHeading = false;
        List<String> block = new ArrayList<>();
        int blockNo = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].strip() : "";
            Matcher h = MD_HEADING.matcher(line);
            boolean isHeading = i < lines.length && h.matches();
            if (line.isEmpty() || isHeading) {
                if (!block.isEmpty() && !skipHeading) {
                    int before = passages.size();
                    addBlock(block, blockNo++, heading, running, seen, passages);
                    headingPassages.merge(heading, passages.size() - before, Integer::sum);
                }
                block.clear();
                if (isHeading) {
                    heading = SPACE.matcher(h.group(1)).replaceAll(" ").strip();
                    skipHeading = SKIP_TITLE.matcher(heading).matches();
                    if (!skipHeading && usableHeading(heading) && !headings.contains(heading)) headings.add(heading);
                }
                continue;
            }
            block.add(line);
        }
        List<String> used = headings.stream().filter(t -> headingPassages.getOrDefault(t, 0) > 0).toList();
        return new Source(List.copyOf(passages), used);
    }

    private static boolean usableHeading(String heading) {
        return heading.length() <= 120 && Terms.wordCount(heading) > 0 && !PAGE_TITLE.matcher(heading).matches();
    }

    // Short lines that recur on three or more pages, numbers aside: running headers and footers.
    private static Set<String> runningLines(String[] lines) {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            String key = runningKey(line);
            if (key != null) counts.merge(key, 1, Integer::sum);
        }
        Set<String> running = new HashSet<>();
        counts.forEach((k, n) -> {
            if (n >= 3) running.add(k);
        });
        return running;
    }

    private static String runningKey(String line) {
        String t = SPACE.matcher(line).replaceAll(" ").strip();
        if (t.isEmpty() || t.length() > 60 || MD_HEADING.matcher(t).matches()) return null;
        boolean digits = t.chars().anyMatch(Character::isDigit);
        if (!digits && SENTENCE_END.matcher(t).find()) return null; // a repeated sentence is deduplicated instead
        return DIGITS.matcher(t).replaceAll("#").toLowerCase(Locale.ROOT);
    }

    private static void addBlock(List<String> block, int blockNo, String heading, Set<String> running, Set<String> seen,
                                 List<Passage> out) {
        if (SKIP_TITLE.matcher(block.getFirst()).matches() || isReferenceBlock(block)) return;
        int frontMatter = 0;
        for (String line : block) if (isFrontMatter(line)) frontMatter++;
        if (frontMatter >= 2) return; // a copyright or imprint page

        int longest = block.stream().mapToInt(String::length).max().orElse(0);
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < block.size(); i++) {
            String line = block.get(i);
            String key = runningKey(line);
            if ((key != null && running.contains(key)) || DOT_LEADER.matcher(line).find() || isFrontMatter(line)) {
                flush(joined, blockNo, heading, seen, out);
                continue;
            }
            // why: a short line between sentences, followed by a capital, is a heading printed in the text; it must
            // not become the start of the next sentence
            boolean standalone = (joined.isEmpty() || SENTENCE_END.matcher(joined).find())
                    && !SENTENCE_END.matcher(line).find() && !line.endsWith(",") && !line.endsWith("-")
                    && line.length() <= 60 && line.length() < longest * 0.6 && i + 1 < block.size()
                    && startsSentence(block.get(i + 1));
            if (standalone) {
                flush(joined, blockNo, heading, seen, out);
                continue;
            }
            if (!joined.isEmpty()) joined.append(' ');
            joined.append(line);
        }
        flush(joined, blockNo, heading, seen, out);
    }

    // why: imprint lines are short; a long line of running text that mentions copyright is kept (and checked faster)
    private static boolean isFrontMatter(String line) {
        return line.length() <= 200 && FRONT_MATTER.matcher(line).find();
    }

    // A table of contents or an index: most lines end in a page number, or numbers make up much of the text.
    private static boolean isReferenceBlock(List<String> block) {
        int references = 0;
        int tokens = 0;
        int numbers = 0;
        for (String line : block) {
            if (DOT_LEADER.matcher(line).find() || (PAGE_REFERENCE.matcher(line).matches() && !SENTENCE_END.matcher(line).find())) {
                references++;
            }
            for (String token : SPACE.split(line)) {
                if (token.isEmpty()) continue;
                tokens++;
                if (token.chars().anyMatch(Character::isDigit) && token.chars().noneMatch(Character::isLetter)) numbers++;
            }
        }
        return (block.size() >= 2 && references * 10 >= block.size() * 4) || (tokens >= 8 && numbers * 4 >= tokens);
    }

    private static void flush(StringBuilder joined, int blockNo, String heading, Set<String> seen, List<Passage> out) {
        if (joined.isEmpty()) return;
        for (String sentence : Sentences.split(joined.toString())) {
            if (!isRunningText(sentence)) continue;
            String key = Sentences.key(sentence);
            if (!seen.add(key)) continue;
            out.add(new Passage(out.size(), blockNo, heading, sentence, Terms.of(sentence)));
        }
        joined.setLength(0);
    }

    private static boolean isRunningText(String sentence) {
        if (sentence.length() > MAX_SENTENCE_CHARS || !SENTENCE_END.matcher(sentence).find()) return false;
        if (!startsSentence(sentence) || Terms.wordCount(sentence) < MIN_WORDS) return false;
        long letters = sentence.chars().filter(Character::isLetter).count();
        long visible = sentence.chars().filter(c -> !Character.isWhitespace(c)).count();
        return letters * 10 >= visible * 7;
    }

    private static boolean startsSentence(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) return Character.isUpperCase(c);
            if (Character.isDigit(c)) return true;
            if ("\"'(“„‘‚«»[".indexOf(c) < 0) return false;
        }
        return false;
    }
}
