package dev.cairn.bench.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics over samples. */
public final class Stats {

    private Stats() {
    }

    /** @return the median (mean of the two middle values for an even count) */
    public static double median(List<Double> values) {
        if (values == null || values.isEmpty()) throw new IllegalArgumentException("no samples");
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * @param p between 0 (exclusive) and 100 (inclusive)
     * @return the p-th percentile by the nearest-rank method: the smallest sample with at least p% of
     * the samples at or below it (so the 99th of 500 samples is the 495th smallest, 5 above it)
     */
    public static double percentile(List<Double> values, double p) {
        if (values == null || values.isEmpty()) throw new IllegalArgumentException("no samples");
        if (p <= 0 || p > 100) throw new IllegalArgumentException("percentile " + p);
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** @return the largest sample */
    public static double max(List<Double> values) {
        return Collections.max(values);
    }

    /** @return the smallest sample */
    public static double min(List<Double> values) {
        return Collections.min(values);
    }
}
