package dev.cairn.bench.dlq;

import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.RemovalReason;
import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
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
 * {@code dlq_add_at_cap}: adds per second, from one thread, to a queue already at its cap
 * (10,000), so every {@link DeadLetterQueue#add} also evicts the oldest entry and its counts, against a
 * capped list ({@link CappedListDlq}: pipelined {@code LPUSH} + {@code LTRIM}) at its cap too. Both
 * get the same entries (new job ids, later and later failures), block by block: a block of adds through
 * Cairn, the same block through the peer, the order swapping every block so neither always goes first.
 */
public final class DlqAddAtCapBenchmark {

    /** Warm-up and measured blocks, and adds per block on each side. */
    public record Settings(int warmupBlocks, int blocks, int blockSize) {
    }

    private final List<Double> cairnRates = new ArrayList<>();
    private final List<Double> peerRates = new ArrayList<>();
    private final List<Double> blockRatios = new ArrayList<>();
    private Settings settings;
    private long shippedLedger;

    public DlqAddAtCapBenchmark run(BenchRedis redis, Settings settings, PrintStream log) {
        this.settings = settings;
        String under = redis.prefix() + "dlq-add:";
        try (RedisClient client = RedisConnections.connect(redis.url())) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            DeadLetterQueue dlq = BenchDlq.queue(client, under, Clock.systemUTC(), meters);
            CappedListDlq peer = new CappedListDlq(client, under, BenchDlq.ENTRIES);
            DlqEntries entries = new DlqEntries(2, Instant.now().minus(Duration.ofDays(1)), Duration.ofMillis(100));
            List<DlqEntry> prefill = entries.next(BenchDlq.ENTRIES);
            BenchDlq.fill(dlq, prefill);
            peer.fill(prefill);
            checkAtCap(dlq, peer);

            int total = settings.warmupBlocks() + settings.blocks();
            for (int b = 0; b < total; b++) {
                List<DlqEntry> block = entries.next(settings.blockSize());
                double cairn;
                double capped;
                if (b % 2 == 0) {
                    cairn = timeCairn(dlq, block);
                    capped = timePeer(peer, block);
                } else {
                    capped = timePeer(peer, block);
                    cairn = timeCairn(dlq, block);
                }
                if (b >= settings.warmupBlocks()) {
                    cairnRates.add(cairn);
                    peerRates.add(capped);
                    blockRatios.add(Report.round(cairn / capped));
                }
            }
            checkAtCap(dlq, peer);
            long evicted = Math.round(meters.get(MetricNames.DLQ_REMOVED).tag(MetricNames.TAG_REASON, RemovalReason.EVICTED.tag()).counter().count());
            if (evicted != (long) total * settings.blockSize()) {
                throw new IllegalStateException(evicted + " evictions for " + total * settings.blockSize() + " adds at the cap");
            }
            shippedLedger = client.zcard(RedisKeys.withPrefix(under).dlq("shipped"));
        } finally {
            redis.deleteKeys(under);
        }
        log.printf(Locale.ROOT, "  dlq_add_at_cap %d blocks of %d  cairn %.0f adds/s  capped list %.0f adds/s  block ratios %s%n",
                cairnRates.size(), settings.blockSize(), Stats.median(cairnRates), Stats.median(peerRates), blockRatios);
        return this;
    }

    /** @return adds per second; every add must be new (and, the queue being full, evict one) */
    private static double timeCairn(DeadLetterQueue dlq, List<DlqEntry> block) {
        System.gc();
        long start = System.nanoTime();
        for (DlqEntry entry : block) {
            if (dlq.add(entry) != DeadLetterQueue.AddOutcome.ADDED) throw new IllegalStateException(entry.jobId() + " was not added");
        }
        return block.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double timePeer(CappedListDlq peer, List<DlqEntry> block) {
        System.gc();
        long start = System.nanoTime();
        for (DlqEntry entry : block) peer.add(entry);
        return block.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static void checkAtCap(DeadLetterQueue dlq, CappedListDlq peer) {
        if (dlq.size() != BenchDlq.ENTRIES || peer.size() != BenchDlq.ENTRIES) {
            throw new IllegalStateException("not at the cap: Cairn " + dlq.size() + ", capped list " + peer.size());
        }
    }

    /** Adds {@code dlq_add_at_cap} (adds/s, higher is better; no target given). */
    public void report(Report report) {
        double value = Stats.median(cairnRates);
        double baseline = Stats.median(peerRates);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("measured", "DeadLetterQueue.add(entry) on the real Redis DLQ at its cap of 10,000: JSON of the entry, then"
                + " dlq-add.lua (shipped-ledger check, HSET body and index, ZADD, two count ZINCRBYs, evict the oldest"
                + " entry and its counts) in one EVALSHA; one thread, each add waits for its reply");
        extra.put("peer", "capped list at 10,000: JSON of the same entry, then LPUSH + LTRIM 0 9999 pipelined in one round trip");
        extra.put("cap", BenchDlq.ENTRIES);
        extra.put("us_per_add", Report.round(1e6 / value));
        extra.put("peer_us_per_add", Report.round(1e6 / baseline));
        extra.put("paired_ratio_median", Report.round(Stats.median(blockRatios)));
        extra.put("block_ratios", blockRatios);
        extra.put("blocks", cairnRates.size());
        extra.put("warmup_blocks", settings.warmupBlocks());
        extra.put("block_size", settings.blockSize());
        extra.put("shipped_ledger_after", shippedLedger);
        extra.put("statistic", "median over the measured blocks of each side's adds/s (blocks alternate Cairn first / peer first)");
        report.add("dlq_add_at_cap", value, "adds/s", baseline, null, extra);
    }
}
