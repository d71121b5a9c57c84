package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The human-readable forms of the {@code /api/dlq} answers, for {@code cairn dlq} without {@code --json}. */
final class DlqText {

    /** Longest signature in the list's table; {@code show} prints it whole. */
    static final int SIGNATURE_WIDTH = 60;

    private static final int LABEL_WIDTH = 15;
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:/@%+=,-]+");

    private DlqText() {
    }

    /**
     * @param page     {@code {"entries", "total", "next_cursor"}}; total may be null
     * @param nextArgs the {@code cairn} arguments that fetch the next page, without {@code --cursor}
     * @param filtered whether filters were given, to word an empty result
     * @return a table of the entries and a footer with the next page's command
     */
    static String list(JsonNode page, List<String> nextArgs, boolean filtered) {
        JsonNode entries = page.path("entries");
        // why: a worker leaves the total out (null) for filters it cannot count without reading the whole queue
        JsonNode totalNode = page.path("total");
        Long total = totalNode.isNumber() ? totalNode.asLong() : null;
        if (entries.isEmpty()) {
            return total != null && total > 0 ? "no entries on this page (" + total + " in all)\n"
                    : filtered ? "no entries match the filters\n" : "the dead-letter queue is empty\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"JOB ID", "TYPE", "FILE", "LAST FAILED", "ATTEMPTS", "LAST STEP", "SIGNATURE"});
        for (JsonNode e : entries) {
            rows.add(new String[]{text(e, "job_id"), text(e, "type"), text(e.path("payload"), "file"), text(e, "last_failed_at"),
                    text(e, "attempts"), text(e, "last_completed_step"), truncate(oneLine(text(e, "signature")), SIGNATURE_WIDTH)});
        }
        StringBuilder out = new StringBuilder();
        TextTable.columns(out, "", rows);
        out.append('\n').append("showing ").append(entries.size());
        if (total != null) out.append(" of ").append(total);
        JsonNode cursor = page.path("next_cursor");
        if (cursor.isTextual()) {
            List<String> next = new ArrayList<>(nextArgs);
            next.add("--cursor");
            next.add(cursor.asText());
            out.append("; next: cairn");
            next.forEach(arg -> out.append(' ').append(shellQuote(arg)));
        }
        return out.append('\n').toString();
    }

    /**
     * @param entry one entry
     * @return its fields as labelled lines, the stack trace last
     */
    static String entry(JsonNode entry) {
        StringBuilder out = new StringBuilder();
        label(out, "job", text(entry, "job_id"));
        label(out, "type", text(entry, "type"));
        label(out, "attempts", text(entry, "attempts"));
        label(out, "first failed", text(entry, "first_failed_at"));
        label(out, "last failed", text(entry, "last_failed_at"));
        label(out, "last step", entry.path("last_completed_step").isTextual() ? text(entry, "last_completed_step") : "- (none completed)");
        label(out, "error class", text(entry, "error_class"));
        label(out, "message", indentFollowing(text(entry, "error_message")));
        label(out, "signature", text(entry, "signature"));
        label(out, "dashboard", text(entry, "dashboard_url"));
        label(out, "payload", entry.path("payload").toString());
        String trace = text(entry, "stack_trace");
        if (!trace.equals("-") && !trace.isBlank()) {
            out.append("\nstack trace\n");
            trace.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }

    /**
     * @param health the {@code /health/dlq} report
     * @return status, totals, the groups by type and by error, and the recommendations
     */
    static String stats(JsonNode health) {
        JsonNode statistics = health.path("statistics");
        JsonNode indicators = health.path("health_indicators");
        StringBuilder out = new StringBuilder();
        label(out, "status", text(health, "status"));
        label(out, "total", text(statistics, "total_failed_tasks"));
        label(out, "last 24 h", text(statistics, "recent_failures_24h"));
        label(out, "oldest", text(statistics, "oldest_failure"));
        label(out, "newest", text(statistics, "newest_failure"));
        if (indicators.path("warning_threshold").asInt() > 0) {
            label(out, "thresholds", "warning " + text(indicators, "warning_threshold") + ", critical " + text(indicators, "critical_threshold"));
        }
        groups(out, "by type", statistics.path("failures_by_task_type"));
        groups(out, "by error", statistics.path("failures_by_error"));
        JsonNode recommendations = health.path("recommendations");
        if (!recommendations.isEmpty()) {
            out.append("\nrecommendations\n");
            recommendations.forEach(r -> out.append("  - ").append(r.asText()).append('\n'));
        }
        return out.toString();
    }

    /**
     * @param result {@code {"matched", "rate", "job_ids"}}
     * @return e.g. {@code retrying 12 jobs at 5/s}
     */
    static String bulkRetry(JsonNode result) {
        int matched = result.path("matched").asInt();
        if (matched == 0) return "no queued job matches: nothing to retry\n";
        return "retrying " + matched + (matched == 1 ? " job" : " jobs") + " at " + number(result.path("rate").decimalValue()) + "/s\n";
    }

    private static void groups(StringBuilder out, String title, JsonNode counts) {
        if (counts.isEmpty()) return;
        out.append('\n').append(title).append('\n');
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> group : counts.properties()) {
            rows.add(new String[]{group.getValue().asText(), group.getKey()});
        }
        TextTable.columns(out, "  ", rows);
    }

    private static void label(StringBuilder out, String label, String value) {
        TextTable.labelled(out, "", LABEL_WIDTH, label, value);
    }

    /** A missing or null field shows as {@code -}. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }

    /** A multi-line value keeps its later lines under the value column. */
    private static String indentFollowing(String value) {
        return value.replaceAll("\\R", "\n" + " ".repeat(LABEL_WIDTH));
    }

    /** A table row stays one row, whatever a message holds. */
    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** {@code 5} rather than {@code 5.0}; {@code 2.5} as is. */
    private static String number(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    /** A word a POSIX shell reads back unchanged: bare when safe, else in single quotes. */
    static String shellQuote(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
