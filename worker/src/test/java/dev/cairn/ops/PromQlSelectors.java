package dev.cairn.ops;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instant vector selectors of a PromQL expression, each as written ({@code name} or {@code name{matchers}}),
 * without range or function: what must have series in Prometheus for the expression to have data to compute
 * on. The metric names come from {@link PromQlMetricNames}; this only cuts out each name's matchers.
 */
final class PromQlSelectors {

    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?");

    private PromQlSelectors() {
    }

    /**
     * @param expr a PromQL expression, without Grafana variables
     * @return its selectors, in order of appearance, each once
     */
    static List<String> of(String expr) {
        Set<String> names = PromQlMetricNames.of(expr);
        Set<String> selectors = new LinkedHashSet<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            if (names.contains(m.group(1))) selectors.add(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
        }
        return new ArrayList<>(selectors);
    }
}
