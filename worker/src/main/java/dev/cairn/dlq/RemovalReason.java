package dev.cairn.dlq;

import java.util.Locale;

/** Why an entry left the dead-letter queue; the {@code reason} tag of {@code cairn_dlq_removed_total}. */
public enum RemovalReason {
    /** Pushed out by a newer entry when the queue was at {@code CAIRN_DLQ_MAX_ENTRIES}. */
    EVICTED,
    /** Older than {@code CAIRN_DLQ_RETENTION_DAYS}, removed by the cleanup. */
    EXPIRED,
    /** Removed by an operator. */
    REMOVED,
    /** Re-enqueued by an operator; it comes back if the job fails again. */
    RETRIED;

    /** @return the metric tag value, e.g. {@code evicted} */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
