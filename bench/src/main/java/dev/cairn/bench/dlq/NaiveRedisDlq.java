package dev.cairn.bench.dlq;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqStats;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The peer of {@code dlq_stats_p99} and {@code dlq_cleanup_10k}: the DLQ a team would write by hand on
 * Redis. A hash job id → entry JSON and a sorted set job id → failure time; no counts are kept, so
 * stats read and group every entry ({@code HGETALL}, then group by type and signature in Java), and a
 * cleanup finds the expired ids ({@code ZRANGEBYSCORE}) and deletes them in pipelined batches of
 * 1,000 (variadic {@code HDEL} + {@code ZREM}), with nothing else to maintain.
 */
final class NaiveRedisDlq {

    static final int CLEANUP_BATCH = 1_000;
    private static final int FILL_BATCH = 500;

    /** The fields stats need; the rest of the body is skipped by the parser. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Head(@JsonProperty("type") String type, @JsonProperty("signature") String signature,
                        @JsonProperty("last_failed_at") Instant lastFailedAt) {
    }

    private final UnifiedJedis client;
    private final String entries;
    private final String byTime;

    NaiveRedisDlq(UnifiedJedis client, String under) {
        this.client = client;
        this.entries = under + "naive-dlq:entries";
        this.byTime = under + "naive-dlq:by-time";
    }

    /** Stores the entries (untimed set-up), pipelined. */
    void fill(List<DlqEntry> batch) {
        for (int from = 0; from < batch.size(); from += FILL_BATCH) {
            try (AbstractPipeline p = client.pipelined()) {
                for (DlqEntry e : batch.subList(from, Math.min(batch.size(), from + FILL_BATCH))) {
                    p.hset(entries, e.jobId(), BenchDlq.json(e));
                    p.zadd(byTime, e.lastFailedAt().toEpochMilli(), e.jobId());
                }
                p.sync();
            }
        }
    }

    /** The same figures as {@code DeadLetterQueue.stats()}, computed from every entry. */
    DlqStats stats(Instant now, int maxEntries) {
        Map<String, String> all = client.hgetAll(entries);
        long since = now.minus(Duration.ofHours(24)).toEpochMilli();
        Map<String, Long> byType = new HashMap<>();
        Map<String, Long> bySignature = new HashMap<>();
        long recent = 0;
        Instant oldest = null;
        Instant newest = null;
        for (String body : all.values()) {
            Head head = read(body);
            byType.merge(head.type(), 1L, Long::sum);
            bySignature.merge(head.signature(), 1L, Long::sum);
            if (head.lastFailedAt().toEpochMilli() >= since) recent++;
            if (oldest == null || head.lastFailedAt().isBefore(oldest)) oldest = head.lastFailedAt();
            if (newest == null || head.lastFailedAt().isAfter(newest)) newest = head.lastFailedAt();
        }
        return new DlqStats(all.size(), recent, largest(byType, 50), largest(bySignature, DlqStats.TOP_SIGNATURES),
                Optional.ofNullable(oldest), Optional.ofNullable(newest), maxEntries);
    }

    /** @return how many entries failed before {@code cutoff} and were deleted */
    long cleanup(Instant cutoff) {
        List<String> expired = client.zrangeByScore(byTime, "-inf", "(" + cutoff.toEpochMilli());
        long removed = 0;
        for (int from = 0; from < expired.size(); from += CLEANUP_BATCH) {
            String[] ids = expired.subList(from, Math.min(expired.size(), from + CLEANUP_BATCH)).toArray(String[]::new);
            try (AbstractPipeline p = client.pipelined()) {
                Response<Long> deleted = p.hdel(entries, ids);
                p.zrem(byTime, ids);
                p.sync();
                removed += deleted.get();
            }
        }
        return removed;
    }

    long size() {
        return client.hlen(entries);
    }

    void delete() {
        client.del(entries, byTime);
    }

    private static Map<String, Long> largest(Map<String, Long> counts, int limit) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(limit)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static Head read(String body) {
        try {
            return BenchDlq.mapper().readValue(body, Head.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
