package dev.cairn.provider.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.config.CairnConfig;
import dev.cairn.provider.OfflineMarks;
import dev.cairn.provider.Provider;
import dev.cairn.provider.ProviderReply;
import dev.cairn.provider.ProviderRequest;
import dev.cairn.provider.internal.Passages.Source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The built-in provider: an honest extractive one, with no network and no model. It only ever quotes
 * sentences of the request's sources (chosen by BM25 against the topic and the section, each at most once
 * per chapter or summary, tables of contents and front matter left out), takes section titles from the
 * sources (their headings or frequent terms; the user's topic verbatim), says so plainly when it has no
 * sources, and marks what it writes ({@link OfflineMarks}). Deterministic: the same request gives a
 * byte-identical reply. The prompts are ignored; they are written for a language model.
 */
public final class OfflineProvider implements Provider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SUMMARY_SENTENCES = 3;

    /**
     * The last chapter's plan: the sections of one chapter come one call after another with the same outline
     * and sources, and share one plan, which is a pure function of them (so keeping it changes no reply).
     */
    private final AtomicReference<OfflineChapter.Plan> lastPlan = new AtomicReference<>();

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
        OfflineChapter.Drafted drafted = OfflineChapter.outline(topic(request), request.sections(), request.sourceText());
        ObjectNode root = JSON.createObjectNode();
        root.put("title", drafted.title());
        ArrayNode sections = root.putArray("sections");
        for (ProviderRequest.OutlineEntry s : drafted.sections()) sections.addObject().put("title", s.title()).put("summary", s.summary());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an outline", e);
        }
    }

    private String section(ProviderRequest request) {
        String topic = topic(request);
        // why: a request without the outline is a chapter of one section, as far as this provider can tell
        List<ProviderRequest.OutlineEntry> outline = request.sectionIndex() >= 0 ? request.outline()
                : List.of(new ProviderRequest.OutlineEntry(request.sectionTitle(), request.sectionSummary()));
        int index = Math.max(0, request.sectionIndex());
        OfflineChapter.Plan plan = lastPlan.get();
        if (plan == null || !plan.isFor(topic, outline, request.sourceText())) {
            plan = OfflineChapter.plan(topic, outline, request.sourceText());
            lastPlan.set(plan);
        }
        return OfflineChapter.section(plan, index);
    }

    /**
     * The opening sentence (it usually says what the text is about) and the sentences that best match the
     * text's own frequent terms, in source order, each once.
     */
    static String summary(String text) {
        Source source = Passages.parse(text);
        if (source.isEmpty()) {
            return OfflineMarks.SUMMARY_PREFIX + (text.isBlank() ? "No text was available to summarise."
                    : "No sentence of running text to extract: the text holds only headings, contents, index or front matter.");
        }
        Bm25 bm25 = OfflineChapter.bm25(source);
        Map<String, Double> centre = new TreeMap<>();
        source.passages().forEach(p -> p.terms().forEach(t -> centre.merge(t, 1.0, Double::sum)));
        if (centre.values().stream().anyMatch(v -> v > 1)) centre.values().removeIf(v -> v < 2);
        List<Integer> order = new ArrayList<>();
        double[] scores = new double[bm25.size()];
        for (int i = 1; i < bm25.size(); i++) {
            // why: damped by length, or the longest sentence always wins
            scores[i] = bm25.score(centre, i) / Math.sqrt(Math.max(1, source.passages().get(i).terms().size()));
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
        List<Integer> picked = new ArrayList<>(order.subList(0, Math.min(SUMMARY_SENTENCES - 1, order.size())));
        picked.add(0);
        picked.sort(Comparator.naturalOrder());
        StringBuilder out = new StringBuilder(OfflineMarks.SUMMARY_PREFIX);
        for (int i = 0; i < picked.size(); i++) {
            if (i > 0) out.append(' ');
            out.append(source.passages().get(picked.get(i)).text());
        }
        return out.toString();
    }

    private static String topic(ProviderRequest request) {
        return request.topic().strip().replaceAll("\\s+", " ");
    }

    @Override
    public String toString() {
        return "OfflineProvider";
    }
}
