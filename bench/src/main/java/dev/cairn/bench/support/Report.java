package dev.cairn.bench.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a run: printed as a table and written as {@code bench/results/latest.json} in the
 * shape bench/README.md describes: {@code {"machine": {…}, "results": {"<name>": {"value", "unit", "baseline",
 * "ratio", "target", …}}}} with {@code ratio = value / baseline}.
 */
public final class Report {

    /**
     * One figure beside its peer. {@code target} is {@code "<= x"} or {@code ">= x"} on the ratio, or
     * {@code "<= x unit"} on the value itself when the target is absolute (e.g. {@code "<= 2 ms"}), or null.
     */
    public record Entry(String name, double value, String unit, double baseline, String target, Map<String, Object> extra) {

        double ratio() {
            return value / baseline;
        }

        /** @return {@code "ok"}, {@code "MISS"}, or {@code "-"} without a target */
        public String verdict() {
            if (target == null) return "-";
            String[] parts = target.trim().split("\\s+");
            double bound = Double.parseDouble(parts[1]);
            boolean onValue = parts.length > 2;
            if (onValue && !parts[2].equals(unit)) throw new IllegalStateException("target " + target + " is not in " + unit);
            double measured = round(onValue ? value : ratio());
            boolean ok = switch (parts[0]) {
                case "<=" -> measured <= bound;
                case ">=" -> measured >= bound;
                default -> throw new IllegalStateException("bad target " + target);
            };
            return ok ? "ok" : "MISS";
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    public void add(String name, double value, String unit, double baseline, String target, Map<String, Object> extra) {
        entries.add(new Entry(name, value, unit, baseline, target, extra));
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * @return the value rounded to 3 decimals (figures are noisy well before that), or to 3 significant
     * digits below 0.1, so a tiny ratio (a call 1,000x cheaper than its peer) does not round to 0.001 or 0; NaN and
     * infinities as they are
     */
    public static double round(double value) {
        // why: a figure that could not be measured stays NaN (written as "NaN", its verdict a MISS) rather than ending the run
        if (!Double.isFinite(value)) return value;
        if (value != 0 && Math.abs(value) < 0.1) {
            return new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_EVEN)).doubleValue();
        }
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** @return every value {@link #round rounded}, e.g. a figure's samples for the JSON */
    public static List<Double> round(List<Double> values) {
        return values.stream().map(v -> round(v.doubleValue())).toList();
    }

    public String table() {
        String[] header = {"name", "value", "unit", "baseline", "ratio", "target", "verdict"};
        List<String[]> rows = new ArrayList<>();
        rows.add(header);
        for (Entry e : entries) {
            rows.add(new String[]{e.name(), fmt(e.value()), e.unit(), fmt(e.baseline()), fmtRatio(e.ratio()),
                    e.target() == null ? "-" : e.target(), e.verdict()});
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                boolean numeric = i == 1 || i == 3 || i == 4;
                String cell = numeric && r > 0 ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
                out.append(cell).append(i + 1 < row.length ? "  " : "");
            }
            out.append(System.lineSeparator());
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) out.append("-".repeat(widths[i])).append(i + 1 < widths.length ? "  " : "");
                out.append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    private static String fmtRatio(double ratio) {
        return Math.abs(ratio) < 0.01 && ratio != 0
                ? BigDecimal.valueOf(round(ratio)).toPlainString()
                : String.format(Locale.ROOT, "%.3f", ratio);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.1f" : "%.2f", v);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    public void writeJson(Path file, Map<String, Object> machine) throws IOException {
        Map<String, Object> results = new LinkedHashMap<>();
        for (Entry e : entries) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("value", round(e.value()));
            r.put("unit", e.unit());
            r.put("baseline", round(e.baseline()));
            r.put("ratio", round(e.ratio()));
            if (e.target() != null) {
                r.put("target", e.target());
                r.put("verdict", e.verdict());
            }
            r.putAll(e.extra());
            results.put(e.name(), r);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", machine);
        root.put("results", results);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), root);
        Files.writeString(temp, System.lineSeparator(), java.nio.file.StandardOpenOption.APPEND);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
