package dev.cairn.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics over samples. */
final class Stats {

    private Stats() {
    }

    /** @return the median (mean of the two middle values for an even count) */
    static double median(List<Double> values) {
        if (values == null || values.isEmpty()) throw new IllegalArgumentException("no samples");
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
