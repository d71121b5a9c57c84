package dev.cairn.bench;

import dev.cairn.bench.breaker.BreakerClosedCallRun;
import dev.cairn.bench.breaker.BreakerPropagationBenchmark;
import dev.cairn.bench.checkpoint.CheckpointWriteRun;
import dev.cairn.bench.crash.CrashGroup;
import dev.cairn.bench.startup.StartupBenchmark;
import dev.cairn.bench.dlq.BenchDlq;
import dev.cairn.bench.dlq.DlqAddAtCapBenchmark;
import dev.cairn.bench.dlq.DlqCleanupBenchmark;
import dev.cairn.bench.dlq.DlqStatsBenchmark;
import dev.cairn.bench.enqueue.EnqueueBenchmarks;
import dev.cairn.bench.fleet.BenchDatabase;
import dev.cairn.bench.pdf.PdfPagesBenchmark;
import dev.cairn.bench.pdf.PdfPagesChild;
import dev.cairn.bench.scale.ScaleOutBenchmark;
import dev.cairn.bench.support.BenchLogs;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Machine;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.throughput.ThroughputBenchmark;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs Cairn's benchmarks and reports them beside their peers (see bench/README.md).
 *
 * <pre>
 * cairn-bench quick|full [--out FILE] [--only checkpoint|pdf|breaker|dlq|crash|startup|scale|throughput|enqueue]
 * cairn-bench jmh [JMH options]        plain JMH (org.openjdk.jmh.Main) on the same benchmarks
 * </pre>
 */
public final class BenchMain {

    /** The groups {@code --only} takes, in the order a run measures them. */
    static final List<String> GROUPS = List.of("checkpoint", "pdf", "breaker", "dlq", "crash", "startup", "scale", "throughput", "enqueue");

    private BenchMain() {
    }

    /** Iteration counts of one mode. */
    record Mode(String name, CheckpointWriteRun.Settings checkpoint, PdfPagesBenchmark.Settings pdf,
                BreakerClosedCallRun.Settings breaker, BreakerPropagationBenchmark.Settings propagation,
                DlqStatsBenchmark.Settings dlqStats, DlqAddAtCapBenchmark.Settings dlqAdd, DlqCleanupBenchmark.Settings dlqCleanup,
                CrashGroup.Settings crash, StartupBenchmark.Settings startup, ScaleOutBenchmark.Settings scale, ThroughputBenchmark.Settings throughput,
                EnqueueBenchmarks.Settings enqueue) {

        static Mode of(String name) {
            return switch (name) {
                // about 40 s of JMH and half a minute of PDFs on 2 cores, then ~80 s of breaker JMH forks
                // (3 rounds of 3 + one round of the 2 extras), a few seconds of propagation samples and
                // 40-60 s of DLQ figures (mostly filling queues of 10,000 entries, untimed), then the crash group:
                // 3 rounds of 4 crash samples: Cairn's 10-20 s each with start-ups, plain JobRunr's 40-55 s
                // (~30 s), and 1 + 10 pickups per side: ~11 min, ~8 once Cairn's workers recover in seconds; then the
                // start-up figure: a training worker (~15 s with its exit) and 5 pairs of starts of 2-5 s: ~1 min;
                // then the scale group: 6 fleets (1, 2, 4 processes per side), each ~16 s of rest and idle
                // window plus start-ups and a few seconds of jobs: ~3-4 min; then the throughput group: 9 drains
                // (20,000 checkpoint-only or no-op jobs per side and process count at 200-1,600 jobs/s, 2,000 chapters per process
                // at 80-220/s), each with start-ups of 2-30 s and ~5 s of counter reads: 7.5-8.5 min under other
                // builds' load; then the enqueue group: 2 blocks of 2,500 single enqueues and 3 batches of 22,000 per
                // side, a fresh worker (~5 s) per Cairn block or batch: 1-2 min
                case "quick" -> new Mode(name,
                        new CheckpointWriteRun.Settings(3, 3, TimeValue.seconds(1), 5, TimeValue.seconds(1)),
                        new PdfPagesBenchmark.Settings(5, 15),
                        new BreakerClosedCallRun.Settings(3, 1, 2, TimeValue.seconds(1), 4, TimeValue.seconds(1)),
                        new BreakerPropagationBenchmark.Settings(50, 500),
                        new DlqStatsBenchmark.Settings(1_000, 5_000, 3, 40),
                        new DlqAddAtCapBenchmark.Settings(2, 10, 1_000),
                        new DlqCleanupBenchmark.Settings(1, 5),
                        new CrashGroup.Settings(3, 1, 10),
                        new StartupBenchmark.Settings(5, 20),
                        new ScaleOutBenchmark.Settings(300, 30, 1),
                        new ThroughputBenchmark.Settings(ThroughputBenchmark.jobs(20_000), 2_000, 1),
                        new EnqueueBenchmarks.Settings(5_000, 2_000, 2, 12, 20_000, 20_000, 3));
                // about 4 min of JMH and 2 min of PDFs, then ~4 min of breaker JMH forks, ~15 s of propagation
                // and ~2 min of DLQ figures, then ~22 min of crash samples (7 rounds) and ~6 min of pickups,
                // then 3 rounds of the scale group with 1,000 jobs per run: ~12 min, 3 rounds of the throughput group:
                // ~24 min, and the enqueue group with 4 blocks and 5 batches per side: ~4 min
                case "full" -> new Mode(name,
                        new CheckpointWriteRun.Settings(5, 5, TimeValue.seconds(2), 15, TimeValue.seconds(2)),
                        new PdfPagesBenchmark.Settings(10, 31),
                        new BreakerClosedCallRun.Settings(5, 3, 3, TimeValue.seconds(1), 8, TimeValue.seconds(1)),
                        new BreakerPropagationBenchmark.Settings(200, 2000),
                        new DlqStatsBenchmark.Settings(2_000, 20_000, 5, 100),
                        new DlqAddAtCapBenchmark.Settings(4, 30, 1_000),
                        new DlqCleanupBenchmark.Settings(2, 11),
                        new CrashGroup.Settings(7, 2, 30),
                        new StartupBenchmark.Settings(9, 50),
                        new ScaleOutBenchmark.Settings(1000, 100, 3),
                        new ThroughputBenchmark.Settings(ThroughputBenchmark.jobs(20_000), 2_000, 3),
                        new EnqueueBenchmarks.Settings(5_000, 2_000, 4, 12, 20_000, 20_000, 5));
                default -> throw new IllegalArgumentException("unknown mode '" + name + "': quick or full");
            };
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage(System.out);
            return;
        }
        Mode mode;
        Path out = Path.of("bench", "results", "latest.json");
        String only = null;
        try {
            mode = Mode.of(args[0]);
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> out = Path.of(args[++i]);
                    case "--only" -> only = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (only != null && !GROUPS.contains(only)) {
                throw new IllegalArgumentException("--only takes one of " + String.join(", ", GROUPS));
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println("cairn-bench: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value" : e.getMessage()));
            usage(System.err);
            System.exit(2);
            return;
        }
        BenchLogs.quiet();

        PrintStream log = System.out;
        long started = System.nanoTime();
        Report report = new Report();
        String redisDescription;
        try (BenchRedis redis = BenchRedis.resolve()) {
            redisDescription = redis.describe();
            log.println("bench: mode " + mode.name() + ", Redis " + redisDescription + ", key prefix " + redis.prefix());
            try {
                if (only == null || only.equals("checkpoint")) {
                    log.println("bench: checkpoint_write (JMH, AverageTime, " + mode.checkpoint().forks() + " forks) ...");
                    new CheckpointWriteRun().run(redis, mode.checkpoint(), log).report(report, mode.checkpoint());
                }
                if (only == null || only.equals("pdf")) {
                    log.println("bench: pdf_pages_per_s (" + PdfPagesBenchmark.PAGES + "-page PDF, median of "
                            + mode.pdf().measured() + " after " + mode.pdf().warmups() + " warm-ups) ...");
                    PdfPagesChild.run(redis, mode.pdf(), log).report(report);
                }
                if (only == null || only.equals("breaker")) {
                    BreakerClosedCallRun.Settings b = mode.breaker();
                    log.println("bench: breaker_closed_call (JMH, AverageTime, " + b.rounds() + " rounds of one fork per method) ...");
                    new BreakerClosedCallRun().run(redis, b, log).report(report);
                    log.println("bench: breaker_open_propagation_p99 (" + mode.propagation().samples() + " samples after "
                            + mode.propagation().warmups() + " warm-ups) ...");
                    new BreakerPropagationBenchmark().run(redis, mode.propagation(), log).report(report);
                }
                if (only == null || only.equals("dlq")) {
                    DlqStatsBenchmark.Settings s = mode.dlqStats();
                    log.println("bench: dlq_stats_p99 (" + BenchDlq.ENTRIES + " entries, " + s.samples() + " calls after " + s.warmups()
                            + " warm-ups, " + s.peerSamples() + " naive HGETALL calls interleaved) ...");
                    new DlqStatsBenchmark().run(redis, s, log).report(report);
                    DlqAddAtCapBenchmark.Settings a = mode.dlqAdd();
                    log.println("bench: dlq_add_at_cap (cap " + BenchDlq.ENTRIES + ", " + a.blocks() + " blocks of " + a.blockSize()
                            + " adds per side after " + a.warmupBlocks() + " warm-up blocks) ...");
                    new DlqAddAtCapBenchmark().run(redis, a, log).report(report);
                    DlqCleanupBenchmark.Settings c = mode.dlqCleanup();
                    log.println("bench: dlq_cleanup_10k (" + c.repetitions() + " repetitions after " + c.warmups() + " warm-up, refilled between) ...");
                    new DlqCleanupBenchmark().run(redis, c, log).report(report);
                }
                if (only == null || only.equals("crash")) {
                    CrashGroup.run(redis, mode.crash(), report, log);
                }
                if (only == null || only.equals("startup")) {
                    StartupBenchmark.run(redis, mode.startup(), report, log);
                }
                if (only == null || only.equals("scale")) {
                    ScaleOutBenchmark.run(redis, mode.scale(), report, log);
                }
                if (only == null || only.equals("throughput")) {
                    ThroughputBenchmark.run(redis, mode.throughput(), report, log);
                }
                if (only == null || only.equals("enqueue")) {
                    EnqueueBenchmarks.run(redis, mode.enqueue(), report, log);
                }
            } finally {
                long left = redis.deleteKeys();
                if (left > 0) log.println("bench: deleted " + left + " leftover key(s) under " + redis.prefix());
            }
        }

        Map<String, Object> machine = Machine.describe(mode.name(), redisDescription);
        report.writeJson(out, machine);
        log.println();
        log.print(report.table());
        long missed = report.entries().stream().filter(e -> e.verdict().equals("MISS")).count();
        log.println();
        log.printf(Locale.ROOT, "bench: %s; wrote %s in %.0f s%n",
                missed == 0 ? "every target met" : missed + " target(s) missed", out, (System.nanoTime() - started) / 1e9);
    }

    private static void usage(PrintStream out) {
        out.println("usage: cairn-bench quick|full [--out FILE] [--only " + String.join("|", GROUPS) + "]");
        out.println("       cairn-bench jmh [JMH options]   (plain JMH on the same benchmarks)");
        out.println("Redis: CAIRN_BENCH_REDIS_URL, else 127.0.0.1:6379 if it answers PING, else an embedded Redis.");
        out.println("PostgreSQL (crash, startup, scale, throughput and enqueue groups only): CAIRN_BENCH_DATABASE_URL, else " + BenchDatabase.LOCAL + " if it accepts a"
                + " connection, else those groups are skipped.");
    }
}
