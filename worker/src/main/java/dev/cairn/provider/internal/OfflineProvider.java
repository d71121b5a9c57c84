package dev.cairn.provider.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.config.CairnConfig;
import dev.cairn.provider.Provider;
import dev.cairn.provider.ProviderReply;
import dev.cairn.provider.ProviderRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in provider: answers from the request's structured hints and source text alone, with no
 * network and no model. Extractive where there is source text (sentences are picked, never invented),
 * templated where there is none. Deterministic: the same request gives a byte-identical reply.
 * The prompts are ignored; they are written for a language model.
 */
public final class OfflineProvider implements Provider {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Section angles for outlines without (enough) source keywords: title, summary; {T}/{t} = topic. */
    private static final String[][] ANGLES = {
            {"Core Concepts of {T}", "The essential ideas and vocabulary behind {t}."},
            {"How {T} Works", "The mechanisms that make {t} work, step by step."},
            {"Key Components of {T}", "The building blocks of {t} and how they fit together."},
            {"{T} in Practice", "Worked examples that show {t} in use."},
            {"Common Pitfalls in {T}", "Mistakes people make with {t} and how to avoid them."},
            {"Best Practices for {T}", "Habits and guidelines that make {t} work well."},
            {"Tools and Techniques for {T}", "The tools and techniques practitioners of {t} rely on."},
            {"Real-World Applications of {T}", "Where {t} is applied and what it achieves there."},
            {"Advanced Topics in {T}", "Harder questions in {t} for readers who know the basics."},
            {"The Future of {T}", "Open problems and likely directions for {t}."},
    };
    /** Titles for sections built around a frequent source word; {K} = the word. */
    private static final String[] KEYWORD_TITLES = {"Understanding {K}", "{K} in {T}", "Working with {K}", "The Role of {K}"};
    private static final String[][] FILLERS = {
            {"{S} is easiest to grasp through its purpose: which problem it solves within {t}, and what would be harder without it.",
                    "Keep that purpose in mind and the details that follow fall into place."},
            {"A useful way into {S} is a concrete case: one situation, followed from start to finish, shows how the parts of {t} interact.",
                    "Generalise from the example only once each step is clear."},
            {"{S} rests on a few ideas that recur throughout {t}; naming them early makes the rest of the chapter easier to follow.",
                    "Each idea is simple on its own; the value lies in how they combine."},
    };

    @Override
    public String name() {
        return CairnConfig.OFFLINE_PROVIDER;
    }

    @Override
    public ProviderReply complete(ProviderRequest request) {
        long start = System.nanoTime();
        String text = switch (request.purpose()) {
            case OUTLINE -> outline(request);
            case SECTION -> section(request);
            case SUMMARY -> summary(request.sourceText());
        };
        return new ProviderReply(text, Duration.ofNanos(System.nanoTime() - start));
    }

    private static String outline(ProviderRequest request) {
        String topic = topic(request);
        String title = Extractive.titleCase(topic);
        int n = request.sections();
        List<String> sentences = Extractive.sentences(request.sourceText());
        Map<String, Integer> freq = Extractive.frequencies(sentences);
        List<String> keywords = Extractive.topWords(freq, Math.max(0, n - 2), new HashSet<>(Extractive.words(topic)));

        ObjectNode root = JSON.createObjectNode();
        root.put("title", title);
        ArrayNode sections = root.putArray("sections");
        Set<String> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String[] section;
            if (n == 1) {
                section = new String[]{Extractive.titleCase(topic + ": an overview"), "What " + topic + " is, how it works and why it matters."};
            } else if (i == 0) {
                String first = sentences.isEmpty() ? "What " + topic + " is, why it matters and what this chapter covers." : sentences.get(0);
                section = new String[]{Extractive.titleCase("Introduction to " + topic), first};
            } else if (i == n - 1) {
                section = new String[]{"Summary and Next Steps", "A recap of the key ideas of " + topic + " and where to go next."};
            } else if (i - 1 < keywords.size()) {
                section = keywordSection(keywords.get(i - 1), i - 1, title, topic, sentences, used);
            } else {
                int a = i - 1 - keywords.size();
                String[] angle = ANGLES[a % ANGLES.length];
                int round = a / ANGLES.length;
                // why: titles stay distinct however many sections are asked for
                String suffix = round == 0 ? "" : " (Part " + (round + 1) + ")";
                section = new String[]{Extractive.titleCase(fill(angle[0], title, topic)) + suffix, fill(angle[1], title, topic)};
            }
            used.add(section[1]);
            sections.addObject().put("title", section[0]).put("summary", section[1]);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an outline", e);
        }
    }

    private static String[] keywordSection(String keyword, int index, String title, String topic, List<String> sentences,
                                           Set<String> used) {
        String k = Extractive.titleCase(keyword);
        String sectionTitle = Extractive.titleCase(KEYWORD_TITLES[index % KEYWORD_TITLES.length].replace("{K}", k).replace("{T}", title));
        // why: extractive: the first unused sentence that mentions the word says what the source says about it
        for (String sentence : sentences) {
            if (!used.contains(sentence) && Extractive.words(sentence).contains(keyword)) return new String[]{sectionTitle, sentence};
        }
        return new String[]{sectionTitle, "How " + keyword + " relates to " + topic + "."};
    }

    private static String section(ProviderRequest request) {
        String topic = topic(request);
        String title = request.sectionTitle().isBlank() ? Extractive.titleCase(topic) : request.sectionTitle().trim();
        String summary = request.sectionSummary().isBlank()
                ? "This section looks at " + title + " as part of " + topic + "."
                : request.sectionSummary().trim();
        List<String> paragraphs = new ArrayList<>();
        paragraphs.add("## " + title);
        paragraphs.add(summary);

        List<String> sentences = Extractive.sentences(request.sourceText());
        Set<String> focus = new HashSet<>(Extractive.meaningfulWords(title + " " + summary));
        Map<String, Integer> freq = Extractive.frequencies(sentences);
        double[] scores = new double[sentences.size()];
        Set<Integer> skip = new HashSet<>();
        for (int i = 0; i < scores.length; i++) {
            String s = sentences.get(i);
            if (summary.contains(s)) skip.add(i);
            long overlap = Extractive.meaningfulWords(s).stream().distinct().filter(focus::contains).count();
            // why: sentences about the section's own words come first; frequency only orders the rest
            scores[i] = overlap * 1000.0 + Extractive.score(s, freq);
        }
        List<Integer> picked = Extractive.best(6, scores, skip);
        if (picked.isEmpty()) {
            String[] filler = FILLERS[Math.floorMod(title.hashCode(), FILLERS.length)];
            paragraphs.add(fill(filler[0], title, topic).replace("{S}", title));
            paragraphs.add(fill(filler[1], title, topic));
        } else {
            int half = picked.size() <= 3 ? picked.size() : (picked.size() + 1) / 2;
            paragraphs.add(join(sentences, picked.subList(0, half)));
            if (half < picked.size()) paragraphs.add(join(sentences, picked.subList(half, picked.size())));
        }
        return String.join("\n\n", paragraphs) + "\n";
    }

    private static String summary(String source) {
        List<String> sentences = Extractive.sentences(source);
        if (sentences.isEmpty()) {
            String flat = source.strip().replaceAll("\\s+", " ");
            if (flat.isEmpty()) return "No text was available to summarise.";
            return Extractive.clip(flat);
        }
        Map<String, Integer> freq = Extractive.frequencies(sentences);
        double[] scores = new double[sentences.size()];
        for (int i = 0; i < scores.length; i++) scores[i] = Extractive.score(sentences.get(i), freq);
        // why: the opening sentence usually says what the text is about; the best-scoring two add its substance
        List<Integer> picked = new ArrayList<>(Extractive.best(2, scores, Set.of(0)));
        picked.add(0, 0);
        return join(sentences, picked);
    }

    private static String topic(ProviderRequest request) {
        String t = request.topic().strip().replaceAll("\\s+", " ");
        return t.isEmpty() ? "the subject" : t;
    }

    private static String fill(String template, String title, String topic) {
        return template.replace("{T}", title).replace("{t}", topic);
    }

    private static String join(List<String> sentences, List<Integer> indexes) {
        StringBuilder s = new StringBuilder();
        for (int i : indexes) {
            if (!s.isEmpty()) s.append(' ');
            s.append(sentences.get(i));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "OfflineProvider";
    }
}
