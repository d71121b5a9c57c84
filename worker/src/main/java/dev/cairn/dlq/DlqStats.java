package dev.cairn.dlq;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The queue at a glance, read in one Redis round trip without scanning the entries.
 *
 * @param total          entries in the queue
 * @param recent24h      entries whose last failure is less than 24 h old
 * @param byType         entries per job type, largest first
 * @param byError        entries per error signature, largest first (the {@value #TOP_SIGNATURES} largest groups)
 * @param oldestFailure  the oldest entry's last failure; empty when the queue is empty
 * @param newestFailure  the newest entry's last failure; empty when the queue is empty
 * @param maxEntries     the cap ({@code CAIRN_DLQ_MAX_ENTRIES})
 */
public record DlqStats(long total, long recent24h, Map<String, Long> byType, Map<String, Long> byError,
                       Optional<Instant> oldestFailure, Optional<Instant> newestFailure, int maxEntries) {

    /** How many error signatures the stats list. */
    public static final int TOP_SIGNATURES = 20;

    /** Copies the maps, keeping their order. */
    public DlqStats {
        byType = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byType));
        byError = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byError));
    }
}
