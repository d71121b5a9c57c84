package dev.cairn.dlq;

import dev.cairn.config.DlqSettings;
import dev.cairn.dlq.internal.RedisDeadLetterQueue;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where jobs that failed for good are kept for operators: a hash of entries, a time-ordered sorted set
 * and per-type / per-signature counts under {@code cairn:dlq:*}. Every change is one Lua script, so the
 * cap and the counts stay exact with any number of workers adding at once. Every method throws
 * {@link dev.cairn.redis.RedisUnavailableException} when Redis cannot be reached.
 */
public interface DeadLetterQueue {

    /** What {@link #add} did. */
    enum AddOutcome {
        /** The entry is new in the queue. */
        ADDED,
        /** This failure of this job was already shipped (it may since have been retried or removed): nothing changed. */
        ALREADY_SHIPPED,
        /** An older failure of the same job was still queued and was replaced by this one. */
        REPLACED
    }

    /**
     * Adds an entry, evicting the oldest entries past the cap, atomically. Shipping the same failure
     * (same job id and {@code last_failed_at}) twice is a no-op, even after it was removed or retried.
     *
     * @param entry the entry
     * @return what happened
     */
    AddOutcome add(DlqEntry entry);

    /**
     * @param failures job id → the time of its last failure
     * @return the job ids whose failure at that time was never shipped (one round trip)
     */
    java.util.Set<String> unshipped(java.util.Map<String, java.time.Instant> failures);

    /**
     * @param jobId a job id
     * @return its entry, if queued
     */
    Optional<DlqEntry> find(String jobId);

    /**
     * @param query filters and page position
     * @return one page, newest first
     * @throws IllegalArgumentException for a cursor this queue did not hand out
     */
    DlqPage list(DlqQuery query);

    /**
     * Streams every entry that passes the query's filters, newest first, in batches (the limit and
     * cursor are ignored).
     *
     * @param query the filters
     * @param sink  receives each entry
     * @return how many entries were streamed
     */
    long export(DlqQuery query, Consumer<DlqEntry> sink);

    /**
     * @param jobId  a job id
     * @param reason why (the metric tag)
     * @return whether it was queued
     */
    boolean remove(String jobId, RemovalReason reason);

    /**
     * Removes an entry only if it is still this failure: a job retried and failed again meanwhile keeps
     * its new entry.
     *
     * @param entry  the entry as read
     * @param reason why (the metric tag; {@link RemovalReason#RETRIED} also counts {@code cairn_dlq_retried_total})
     * @return whether it was removed
     */
    boolean remove(DlqEntry entry, RemovalReason reason);

    /**
     * Removes entries older than the retention, and forgets shipped failures that old.
     *
     * @return how many entries were removed
     */
    long cleanup();

    /** @return counts, groups and the oldest/newest failure, in O(log n) */
    DlqStats stats();

    /**
     * Also what {@code cairn_dlq_entries} shows from then on (NaN after a failed call): the gauge never calls
     * Redis in a scrape, something calls this in the background ({@code DependencyGauges}).
     *
     * @return the number of entries, in O(1)
     */
    long size();

    /**
     * The queue in Redis.
     *
     * @param redis    the client
     * @param keys     key names
     * @param settings cap and retention
     * @param clock    time source (retention, recent failures)
     * @param registry where {@code cairn_dlq_*} meters go
     * @return the queue
     */
    static DeadLetterQueue redis(UnifiedJedis redis, RedisKeys keys, DlqSettings settings, Clock clock, MeterRegistry registry) {
        return new RedisDeadLetterQueue(redis, keys, settings, clock, registry);
    }
}
