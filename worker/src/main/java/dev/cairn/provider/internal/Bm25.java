package dev.cairn.provider.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Okapi BM25 over a fixed set of short documents (the passages of a source): how well each document
 * matches a weighted query of {@link Terms}. Plain arithmetic on the same inputs, so the same scores on
 * every JVM.
 */
final class Bm25 {

    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private final List<Map<String, Integer>> frequencies;
    private final int[] lengths;
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final double averageLength;

    /** @param documents each document's terms, repeats kept */
    Bm25(List<List<String>> documents) {
        frequencies = new ArrayList<>(documents.size());
        lengths = new int[documents.size()];
        long total = 0;
        for (int d = 0; d < documents.size(); d++) {
            Map<String, Integer> tf = new HashMap<>();
            for (String term : documents.get(d)) tf.merge(term, 1, Integer::sum);
            for (String term : tf.keySet()) documentFrequency.merge(term, 1, Integer::sum);
            frequencies.add(tf);
            lengths[d] = documents.get(d).size();
            total += lengths[d];
        }
        averageLength = documents.isEmpty() ? 1 : Math.max(1.0, (double) total / documents.size());
    }

    /** @return how many documents there are */
    int size() {
        return lengths.length;
    }

    /**
     * @param term a term
     * @return its inverse document frequency (BM25+ style, never negative)
     */
    double idf(String term) {
        int df = documentFrequency.getOrDefault(term, 0);
        return Math.log(1 + (lengths.length - df + 0.5) / (df + 0.5));
    }

    /**
     * @param term a term
     * @return in how many documents it occurs
     */
    int documentFrequency(String term) {
        return documentFrequency.getOrDefault(term, 0);
    }

    /**
     * @param query    term weights (a term named twice in a title counts twice)
     * @param document the document's index
     * @return its score, 0 when it shares no term with the query
     */
    double score(Map<String, Double> query, int document) {
        Map<String, Integer> tf = frequencies.get(document);
        double norm = K1 * (1 - B + B * lengths[document] / averageLength);
        double score = 0;
        for (Map.Entry<String, Double> q : query.entrySet()) {
            Integer f = tf.get(q.getKey());
            if (f == null) continue;
            score += q.getValue() * idf(q.getKey()) * f * (K1 + 1) / (f + norm);
        }
        return score;
    }
}
