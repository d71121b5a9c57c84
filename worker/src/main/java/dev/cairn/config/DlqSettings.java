package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

/**
 * The dead-letter queue.
 *
 * @param enabled           {@code CAIRN_DLQ_ENABLED}
 * @param retentionDays     {@code CAIRN_DLQ_RETENTION_DAYS}
 * @param maxEntries        {@code CAIRN_DLQ_MAX_ENTRIES}: oldest entries are evicted past this
 * @param cleanupCron       {@code CAIRN_DLQ_CLEANUP_CRON}: when the retention cleanup runs
 * @param warningThreshold  {@code CAIRN_DLQ_WARNING_THRESHOLD}
 * @param criticalThreshold {@code CAIRN_DLQ_CRITICAL_THRESHOLD}
 */
public record DlqSettings(boolean enabled, int retentionDays, int maxEntries, String cleanupCron,
                          int warningThreshold, int criticalThreshold) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Daily at 03:00. */
    public static final String DEFAULT_CLEANUP_CRON = "0 3 * * *";
    public static final int DEFAULT_WARNING_THRESHOLD = 10;
    public static final int DEFAULT_CRITICAL_THRESHOLD = 50;

    static DlqSettings fromEnv(EnvReader env) {
        String cron = env.string("CAIRN_DLQ_CLEANUP_CRON").orElse(DEFAULT_CLEANUP_CRON);
        if (cron.equalsIgnoreCase("daily")) cron = DEFAULT_CLEANUP_CRON;
        int fields = cron.trim().split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw new ConfigException("CAIRN_DLQ_CLEANUP_CRON", "must be a cron expression with 5 or 6 fields (e.g. '0 3 * * *'), got '" + cron + "'");
        }
        try {
            new org.jobrunr.scheduling.cron.CronExpression(cron.trim());
        } catch (RuntimeException e) {
            throw new ConfigException("CAIRN_DLQ_CLEANUP_CRON", "is not a valid cron expression ('" + cron + "'): " + e.getMessage());
        }
        int warning = env.integer("CAIRN_DLQ_WARNING_THRESHOLD", DEFAULT_WARNING_THRESHOLD, 1, 10_000_000);
        int critical = env.integer("CAIRN_DLQ_CRITICAL_THRESHOLD", DEFAULT_CRITICAL_THRESHOLD, 1, 10_000_000);
        if (critical < warning) {
            throw new ConfigException("CAIRN_DLQ_CRITICAL_THRESHOLD", "(" + critical + ") must not be below CAIRN_DLQ_WARNING_THRESHOLD (" + warning + ")");
        }
        return new DlqSettings(
                env.bool("CAIRN_DLQ_ENABLED", DEFAULT_ENABLED),
                env.integer("CAIRN_DLQ_RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 1, 36_500),
                env.integer("CAIRN_DLQ_MAX_ENTRIES", DEFAULT_MAX_ENTRIES, 1, 10_000_000),
                cron, warning, critical);
    }
}
