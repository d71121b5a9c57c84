package dev.cairn.bench.dlq;

import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqStats;
import dev.cairn.redis.RedisConnections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import redis.clients.jedis.RedisClient;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dlq_cleanup_10k}: how long {@link DeadLetterQueue#cleanup()} takes to remove 10,000 expired
 * entries, against a naive cleanup of the same entries ({@link NaiveRedisDlq#cleanup}). The queue's
 * clock runs a retention period (plus a day) ahead, so every entry is past retention. Each repetition
 * refills both with 10,000 new entries (untimed), then times both cleanups, the order swapping every
 * repetition.
 */
public final class DlqCleanupBenchmark {

    /** Warm-up and measured repetitions (each one fills 10,000 entries into both stores). */
    public record Settings(int warmups, int repetitions) {
    }

    static final double TARGET_MS = 200;

    private final List<Double> cairnMs = new ArrayList<>();
    private final List<Double> peerMs = new ArrayList<>();
    private final List<Double> ratios = new ArrayList<>();
    private Settings settings;

    public DlqCleanupBenchmark run(BenchRedis redis, Settings settings, PrintStream log) {
        this.settings = settings;
        String under = redis.prefix() + "dlq-cleanup:";
        Duration retention = Duration.ofDays(BenchDlq.SETTINGS.retentionDays());
        Clock later = Clock.offset(Clock.systemUTC(), retention.plusDays(1));
        try (RedisClient client = RedisConnections.connect(redis.url())) {
            DeadLetterQueue dlq = BenchDlq.queue(client, under, later, new SimpleMeterRegistry());
            NaiveRedisDlq peer = new NaiveRedisDlq(client, under);
            // 100 ms apart: 20 repetitions of 10,000 stay within the last day, so all expire under the later clock
            DlqEntries entries = new DlqEntries(3, Instant.now().minus(Duration.ofDays(1)), Duration.ofMillis(100));
            int total = settings.warmups() + settings.repetitions();
            for (int r = 0; r < total; r++) {
                List<DlqEntry> batch = entries.next(BenchDlq.ENTRIES);
                BenchDlq.fill(dlq, batch);
                peer.fill(batch);
                double cairn;
                double naive;
                if (r % 2 == 0) {
                    cairn = timeCairn(dlq);
                    naive = timePeer(peer, later.instant().minus(retention));
                } else {
                    naive = timePeer(peer, later.instant().minus(retention));
                    cairn = timeCairn(dlq);
                }
                if (r >= settings.warmups()) {
                    cairnMs.add(cairn);
                    peerMs.add(naive);
                    ratios.add(Report.round(cairn / naive));
                }
            }
        } finally {
            redis.deleteKeys(under);
        }
        log.printf(Locale.ROOT, "  dlq_cleanup_10k %d repetitions  cairn median %.1f ms (max %.1f)  naive median %.1f ms (max %.1f)  samples %s%n",
                cairnMs.size(), Stats.median(cairnMs), Stats.max(cairnMs), Stats.median(peerMs), Stats.max(peerMs), cairnMs);
        return this;
    }

    /** @return milliseconds; checks that every entry and every count went */
    private static double timeCairn(DeadLetterQueue dlq) {
        System.gc();
        long start = System.nanoTime();
        long removed = dlq.cleanup();
        double ms = (System.nanoTime() - start) / 1e6;
        DlqStats after = dlq.stats();
        if (removed != BenchDlq.ENTRIES || after.total() != 0 || !after.byType().isEmpty() || !after.byError().isEmpty()) {
            throw new IllegalStateException("Cairn's cleanup removed " + removed + " of " + BenchDlq.ENTRIES + ", left " + after);
        }
        return ms;
    }

    private static double timePeer(NaiveRedisDlq peer, Instant cutoff) {
        System.gc();
        long start = System.nanoTime();
        long removed = peer.cleanup(cutoff);
        double ms = (System.nanoTime() - start) / 1e6;
        if (removed != BenchDlq.ENTRIES || peer.size() != 0) {
            throw new IllegalStateException("the naive cleanup removed " + removed + " of " + BenchDlq.ENTRIES + ", left " + peer.size());
        }
        return ms;
    }

    /** Adds {@code dlq_cleanup_10k} (ms, lower is better; target: median at most 200 ms). */
    public void report(Report report) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("measured", "DeadLetterQueue.cleanup() removing 10,000 entries past retention: dlq-cleanup.lua in batches of"
                + " 1,000 (each entry: body, index, time order and both counts), then forgetting the shipped ledger that old");
        extra.put("peer", "home-made Redis DLQ (hash of JSON + time-ordered set): ZRANGEBYSCORE of the expired ids, then"
                + " pipelined HDEL + ZREM of 1,000 ids at a time; no counts to maintain");
        extra.put("entries", BenchDlq.ENTRIES);
        extra.put("max_ms", Report.round(Stats.max(cairnMs)));
        extra.put("samples_ms", cairnMs.stream().map(Report::round).toList());
        extra.put("peer_max_ms", Report.round(Stats.max(peerMs)));
        extra.put("peer_samples_ms", peerMs.stream().map(Report::round).toList());
        extra.put("paired_ratio_median", Report.round(Stats.median(ratios)));
        extra.put("repetitions", cairnMs.size());
        extra.put("warmups", settings.warmups());
        extra.put("statistic", "median of each side's cleanup time over the measured repetitions (refilled with 10,000 new entries"
                + " before each, untimed)");
        report.add("dlq_cleanup_10k", Stats.median(cairnMs), "ms", Stats.median(peerMs), "<= " + (int) TARGET_MS + " ms", extra);
    }
}
