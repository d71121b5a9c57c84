package dev.cairn.dlq.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cairn.config.DlqSettings;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqPage;
import dev.cairn.dlq.DlqQuery;
import dev.cairn.dlq.DlqStats;
import dev.cairn.dlq.RemovalReason;
import dev.cairn.redis.LuaScript;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.cairn.redis.RedisUnavailableException.during;

/**
 * The dead-letter queue in Redis. Adds, removals and cleanups are Lua scripts (one round trip, atomic, so
 * the cap and the counts hold with any number of workers); stats read the sorted sets only; listing
 * ({@link DlqListing}) walks the time-ordered set from its cursor and reads entry bodies only for what it returns.
 */
public final class RedisDeadLetterQueue implements DeadLetterQueue {

    /** Entries removed per cleanup script run, so one run never blocks Redis for long. */
    static final int CLEANUP_BATCH = 1_000;
    /** The shipped-failures ledger keeps at most this many times the cap (it also remembers evicted failures). */
    static final long LEDGER_FACTOR = 10;
    /** Most job types the stats list. */
    static final int TOP_TYPES = 50;

    private static final LuaScript ADD = LuaScript.fromResources(RedisDeadLetterQueue.class, "dlq-lib.lua", "dlq-add.lua");
    private static final LuaScript REMOVE = LuaScript.fromResources(RedisDeadLetterQueue.class, "dlq-lib.lua", "dlq-remove.lua");
    private static final LuaScript CLEANUP = LuaScript.fromResources(RedisDeadLetterQueue.class, "dlq-lib.lua", "dlq-cleanup.lua");
    private static final LuaScript STATS = LuaScript.fromResource(RedisDeadLetterQueue.class, "dlq-stats.lua");

    private final UnifiedJedis redis;
    private final DlqKeys keys;
    private final DlqSettings settings;
    private final Clock clock;
    private final DlqMeters meters;
    private final DlqListing listing;
    /** What the last {@link #size()} read, NaN after it failed: the gauge's value, so a scrape never waits on Redis. */
    private volatile double lastSize = Double.NaN;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RedisDeadLetterQueue(UnifiedJedis redis, RedisKeys keys, DlqSettings settings, Clock clock, MeterRegistry registry) {
        this.redis = redis;
        this.keys = new DlqKeys(keys);
        this.settings = settings;
        this.clock = clock;
        this.meters = new DlqMeters(registry, () -> lastSize);
        this.listing = new DlqListing(redis, this.keys, this::read);
    }

    @Override
    public AddOutcome add(DlqEntry entry) {
        String body = write(entry);
        List<?> reply = (List<?>) during("adding job " + entry.jobId() + " to the dead-letter queue", () -> ADD.run(redis, keys.all(),
                List.of(entry.jobId(), body, Long.toString(entry.lastFailedAt().toEpochMilli()), entry.type(), entry.signature(),
                        Integer.toString(settings.maxEntries()), Long.toString(LEDGER_FACTOR * settings.maxEntries()))));
        long outcome = (Long) reply.get(0);
        long evicted = (Long) reply.get(1);
        meters.removed(RemovalReason.EVICTED, evicted);
        if (outcome == 0) return AddOutcome.ALREADY_SHIPPED;
        meters.added(entry.type());
        return outcome == 1 ? AddOutcome.ADDED : AddOutcome.REPLACED;
    }

    @Override
    public java.util.Set<String> unshipped(Map<String, Instant> failures) {
        if (failures.isEmpty()) return java.util.Set.of();
        List<String> ids = new ArrayList<>(failures.keySet());
        List<Double> shipped = during("reading the dead-letter ledger", () -> redis.zmscore(keys.shipped(), ids.toArray(String[]::new)));
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Double at = shipped.get(i);
            if (at == null || at < failures.get(ids.get(i)).toEpochMilli()) out.add(ids.get(i));
        }
        return out;
    }

    @Override
    public Optional<DlqEntry> find(String jobId) {
        String body = during("reading a dead-letter entry", () -> redis.hget(keys.entries(), jobId));
        return Optional.ofNullable(body).map(this::read);
    }

    @Override
    public DlqPage list(DlqQuery query) {
        return listing.list(query);
    }

    @Override
    public long export(DlqQuery query, Consumer<DlqEntry> sink) {
        return listing.export(query, sink);
    }

    @Override
    public boolean remove(String jobId, RemovalReason reason) {
        return removeIf(jobId, "", reason);
    }

    @Override
    public boolean remove(DlqEntry entry, RemovalReason reason) {
        return removeIf(entry.jobId(), Long.toString(entry.lastFailedAt().toEpochMilli()), reason);
    }

    private boolean removeIf(String jobId, String failedAtMs, RemovalReason reason) {
        long removed = (Long) during("removing a dead-letter entry", () -> REMOVE.run(redis, keys.counted(), List.of(failedAtMs, jobId)));
        meters.removed(reason, removed);
        if (removed > 0 && reason == RemovalReason.RETRIED) meters.retried();
        return removed > 0;
    }

    @Override
    public long cleanup() {
        String cutoff = Long.toString(clock.instant().minus(Duration.ofDays(settings.retentionDays())).toEpochMilli());
        long total = 0;
        long removed;
        do {
            removed = (Long) during("cleaning up the dead-letter queue", () -> CLEANUP.run(redis, keys.all(),
                    List.of(cutoff, Integer.toString(CLEANUP_BATCH))));
            total += removed;
        } while (removed >= CLEANUP_BATCH);
        meters.removed(RemovalReason.EXPIRED, total);
        return total;
    }

    @Override
    public DlqStats stats() {
        String since = Long.toString(clock.instant().minus(Duration.ofHours(24)).toEpochMilli());
        List<?> reply = (List<?>) during("reading the dead-letter stats", () -> STATS.run(redis, keys.counted(),
                List.of(since, Integer.toString(TOP_TYPES), Integer.toString(DlqStats.TOP_SIGNATURES))));
        return new DlqStats((Long) reply.get(0), (Long) reply.get(1), counts(reply.get(2)), counts(reply.get(3)),
                firstScore(reply.get(4)), firstScore(reply.get(5)), settings.maxEntries());
    }

    @Override
    public long size() {
        try {
            long size = during("counting the dead-letter queue", () -> redis.zcard(keys.byTime()));
            lastSize = size;
            return size;
        } catch (RuntimeException e) {
            lastSize = Double.NaN;
            throw e;
        }
    }

    private static Map<String, Long> counts(Object flat) {
        List<?> list = (List<?>) flat;
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            out.put(text(list.get(i)), (long) Double.parseDouble(text(list.get(i + 1))));
        }
        return out;
    }

    private static Optional<Instant> firstScore(Object flat) {
        List<?> list = (List<?>) flat;
        if (list.size() < 2) return Optional.empty();
        return Optional.of(Instant.ofEpochMilli((long) Double.parseDouble(text(list.get(1)))));
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private String write(DlqEntry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dead-letter entry of job " + entry.jobId(), e);
        }
    }

    private DlqEntry read(String body) {
        try {
            return json.readValue(body, DlqEntry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dead-letter entry in Redis is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
