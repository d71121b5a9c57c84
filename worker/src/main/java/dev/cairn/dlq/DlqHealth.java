package dev.cairn.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.config.DlqSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code GET /health/dlq} report: the statistics, indicators against the warning and critical
 * thresholds, and recommendations a human can act on.
 *
 * @param status           {@code healthy} (below the warning threshold), {@code warning}, {@code critical}, or {@code disabled}
 * @param timestamp        when it was assessed
 * @param statistics       the queue's statistics
 * @param healthIndicators the indicators
 * @param recommendations  what to do, in plain sentences
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DlqHealth(@JsonProperty("status") String status,
                        @JsonProperty("timestamp") Instant timestamp,
                        @JsonProperty("statistics") Statistics statistics,
                        @JsonProperty("health_indicators") Indicators healthIndicators,
                        @JsonProperty("recommendations") List<String> recommendations) {

    public static final String HEALTHY = "healthy";
    public static final String WARNING = "warning";
    public static final String CRITICAL = "critical";
    public static final String DISABLED = "disabled";

    /** The {@code statistics} object. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Statistics(@JsonProperty("total_failed_tasks") long totalFailedTasks,
                             @JsonProperty("recent_failures_24h") long recentFailures24h,
                             @JsonProperty("failures_by_task_type") Map<String, Long> failuresByTaskType,
                             @JsonProperty("failures_by_error") Map<String, Long> failuresByError,
                             @JsonProperty("oldest_failure") Instant oldestFailure,
                             @JsonProperty("newest_failure") Instant newestFailure,
                             @JsonProperty("max_entries") int maxEntries) {
    }

    /** The {@code health_indicators} object. */
    public record Indicators(@JsonProperty("total_failed_tasks") long totalFailedTasks,
                             @JsonProperty("recent_failures_24h") long recentFailures24h,
                             @JsonProperty("requires_attention") boolean requiresAttention,
                             @JsonProperty("critical_threshold") int criticalThreshold,
                             @JsonProperty("warning_threshold") int warningThreshold) {
    }

    /**
     * @param stats    the queue's statistics
     * @param settings thresholds and cap
     * @param now      the time of the assessment
     * @return the report
     */
    public static DlqHealth assess(DlqStats stats, DlqSettings settings, Instant now) {
        long total = stats.total();
        String status = total >= settings.criticalThreshold() ? CRITICAL : total >= settings.warningThreshold() ? WARNING : HEALTHY;
        Statistics statistics = new Statistics(total, stats.recent24h(), stats.byType(), stats.byError(),
                stats.oldestFailure().orElse(null), stats.newestFailure().orElse(null), stats.maxEntries());
        Indicators indicators = new Indicators(total, stats.recent24h(), !status.equals(HEALTHY),
                settings.criticalThreshold(), settings.warningThreshold());
        return new DlqHealth(status, now, statistics, indicators, recommendations(stats, settings, status));
    }

    /**
     * @param now the time
     * @return the report of a worker whose queue is disabled
     */
    public static DlqHealth disabled(Instant now) {
        return new DlqHealth(DISABLED, now, new Statistics(0, 0, Map.of(), Map.of(), null, null, 0),
                new Indicators(0, 0, false, 0, 0),
                List.of("The dead-letter queue is disabled (CAIRN_DLQ_ENABLED=false): failed jobs stay FAILED in the JobRunr dashboard only."));
    }

    private static List<String> recommendations(DlqStats stats, DlqSettings settings, String status) {
        List<String> out = new ArrayList<>();
        if (stats.total() == 0) {
            out.add("No failed jobs: nothing to do.");
            return out;
        }
        if (status.equals(CRITICAL)) {
            out.add(stats.total() + " failed jobs is at or above the critical threshold (" + settings.criticalThreshold()
                    + "): find the cause before retrying; the largest groups are below.");
        } else if (status.equals(WARNING)) {
            out.add(stats.total() + " failed jobs is at or above the warning threshold (" + settings.warningThreshold()
                    + "): look at the largest error groups.");
        }
        stats.byError().entrySet().stream().limit(3).forEach(group -> out.add(adviceFor(group.getKey(), group.getValue())));
        if (stats.total() * 10 >= stats.maxEntries() * 9L) {
            out.add("The queue holds " + stats.total() + " of at most " + stats.maxEntries()
                    + " entries (CAIRN_DLQ_MAX_ENTRIES): the oldest are being evicted; export them (cairn dlq export) if you need them.");
        }
        if (stats.recent24h() > 0 && stats.recent24h() == stats.total() && stats.total() >= settings.warningThreshold()) {
            out.add("All " + stats.total() + " failures happened in the last 24 h: something broke recently (a provider, a deploy, an input source).");
        }
        return out;
    }

    private static String adviceFor(String signature, long count) {
        String prefix = count + (count == 1 ? " job failed with \"" : " jobs failed with \"") + signature + "\": ";
        String lower = signature.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("pdf") || lower.contains("payload") || lower.contains("not found") || lower.contains("encrypted")) {
            return prefix + "a bad input does not heal by retrying; fix or replace the input and enqueue again, then remove these entries.";
        }
        if (lower.contains("breaker") || lower.contains("provider") || lower.contains("timeout") || lower.contains("rate")) {
            return prefix + "check the provider (cairn breakers); once it is healthy, retry them throttled: cairn dlq retry --signature '"
                    + signature + "' --rate 1.";
        }
        return prefix + "read one entry (cairn dlq show <job_id>); once the cause is fixed, retry them throttled: cairn dlq retry --signature '"
                + signature + "'.";
    }
}
