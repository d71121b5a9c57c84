package dev.cairn.bench.enqueue;

import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.bench.fleet.BulkJobs;
import dev.cairn.bench.fleet.CairnFleet;
import dev.cairn.bench.fleet.CheckpointOnlyPipeline;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.fleet.WorkerJit;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code enqueue_http_jobs_per_s}: single {@code POST /api/jobs} of a {@value CheckpointOnlyPipeline#TYPE} job
 * to one Cairn worker process from {@value EnqueueBenchmarks#CLIENTS} client threads, each call on a keep-alive
 * HTTP/1.1 socket of its own ({@link KeepAliveHttp}), against JobRunr's own {@code JobRequestScheduler.create(aJob()…)} of the same
 * job from as many threads in the bench's JVM on the same PostgreSQL. In blocks, alternating, each block on a
 * fresh schema (and, for Cairn, a fresh worker, killed after its block so the jobs it still has to run do not
 * take CPU from the peer's block).
 */
final class EnqueueHttpBenchmark {

    private final FleetLab lab;
    private final HikariDataSource peerPool;
    private final EnqueueBenchmarks.Settings settings;
    private final PrintStream log;
    private final List<ConcurrentCalls.Timed> cairn = new ArrayList<>();
    private final List<ConcurrentCalls.Timed> plain = new ArrayList<>();
    private final List<Long> ranDuring = new ArrayList<>();
    private final List<Integer> cairnWarmupCalls = new ArrayList<>();
    private final List<Double> cairnJitShares = new ArrayList<>();
    private final List<List<Double>> cairnWarmupRates = new ArrayList<>();

    EnqueueHttpBenchmark(FleetLab lab, HikariDataSource peerPool, EnqueueBenchmarks.Settings settings, PrintStream log) {
        this.lab = lab;
        this.peerPool = peerPool;
        this.settings = settings;
        this.log = log;
    }

    EnqueueHttpBenchmark run() throws Exception {
        for (int block = 0; block < settings.httpBlocks(); block++) {
            boolean cairnFirst = block % 2 == 0;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == cairnFirst) cairnBlock(block);
                else plainBlock();
            }
        }
        return this;
    }

    private void cairnBlock(int block) throws Exception {
        try (CairnFleet fleet = lab.benchWorkerFleet("enqueue-http-" + block, EnqueueBenchmarks.WORKER_ENV)) {
            try {
                fleet.start("w");
                int warmupCalls;
                try (KeepAliveHttp http = new KeepAliveHttp(fleet.urls().getFirst())) {
                    WorkerJit jit = new WorkerJit(fleet.urls().getFirst());
                    List<Double> roundRates = new ArrayList<>();
                    WorkerJit.Warmup warm = jit.warmUp(1, settings.maxWarmupRounds(), round -> roundRates.add(ConcurrentCalls.run(
                            settings.httpWarmups(), EnqueueBenchmarks.CLIENTS, i -> post(http, round * settings.httpWarmups() + i)).callsPerSecond()));
                    cairnWarmupRates.add(Report.round(roundRates));
                    warmupCalls = warm.rounds() * settings.httpWarmups();
                    double compiled = jit.compileMillis();
                    ConcurrentCalls.Timed timed = ConcurrentCalls.run(settings.httpJobs(), EnqueueBenchmarks.CLIENTS,
                            i -> post(http, warmupCalls + i));
                    double measuredShare = (jit.compileMillis() - compiled) / (timed.seconds() * 1000);
                    cairn.add(timed);
                    cairnWarmupCalls.add(warmupCalls);
                    cairnJitShares.add(measuredShare);
                    ranDuring.add(EnqueueBenchmarks.succeeded(lab.database().dataSource(), fleet.tablePrefix()));
                    print("cairn", timed);
                    log.printf(Locale.ROOT, "        after %d warm-up calls at %s jobs/s (JIT compiler time in the last round %.0f%%, in the block %.0f%%)%n",
                            warmupCalls, Report.round(roundRates), 100 * warm.lastShare(), 100 * measuredShare);
                }
                EnqueueBenchmarks.requireStored(lab.database().dataSource(), fleet.tablePrefix(), warmupCalls + settings.httpJobs());
            } catch (Exception e) {
                throw new IllegalStateException("the Cairn worker's block failed: " + e.getMessage() + "\n" + fleet.logTails(), e);
            }
        }
    }

    private static void post(KeepAliveHttp http, int i) throws Exception {
        KeepAliveHttp.Answer answer = http.postJson("/api/jobs", EnqueueBenchmarks.jsonLine(i));
        if (answer.status() != 202) {
            throw new IllegalStateException("POST /api/jobs answered " + answer.status() + ": " + answer.body());
        }
    }

    private void plainBlock() throws Exception {
        String prefix = lab.database().newTablePrefix();
        try (BulkJobs jobs = BulkJobs.open(lab.database(), prefix, peerPool)) {
            ConcurrentCalls.run(settings.httpWarmups(), EnqueueBenchmarks.CLIENTS, i -> create(jobs, i));
            ConcurrentCalls.Timed timed = ConcurrentCalls.run(settings.httpJobs(), EnqueueBenchmarks.CLIENTS,
                    i -> create(jobs, settings.httpWarmups() + i));
            plain.add(timed);
            print("plain", timed);
            EnqueueBenchmarks.requireStored(peerPool, prefix, settings.httpWarmups() + settings.httpJobs());
        } finally {
            lab.database().dropSchema(prefix);
        }
    }

    /** What the worker's {@code POST /api/jobs} does once the body is checked ({@code StorageJobService.submit}), minus its signal. */
    private static void create(BulkJobs jobs, int i) {
        jobs.scheduler().create(EnqueueBenchmarks.job(i).withId(UUID.randomUUID()));
    }

    private void print(String side, ConcurrentCalls.Timed t) {
        log.printf(Locale.ROOT, "  %-5s %d enqueues from %d threads: %7.1f jobs/s, p50 %.2f ms, p99 %.2f ms%n", side, t.calls(),
                EnqueueBenchmarks.CLIENTS, t.callsPerSecond(), Stats.percentile(t.latencyMs(), 50), Stats.percentile(t.latencyMs(), 99));
    }

    void report(Report report) {
        List<Double> cairnMs = all(cairn);
        List<Double> plainMs = all(plain);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("measured", "POST /api/jobs of {\"type\": \"" + CheckpointOnlyPipeline.TYPE + "\", \"payload\": {\"seq\": n}} to one Cairn"
                + " worker process (BenchWorkerMain, PostgreSQL + Redis) from " + EnqueueBenchmarks.CLIENTS + " client threads, each call on a"
                + " keep-alive HTTP/1.1 socket of its own (KeepAliveHttp: plain request and answer, no java.net.http, whose 8 threads took"
                + " more CPU than the worker on these 2 cores); every answer checked 202; jobs/s = enqueues of a block / the block's time");
        extra.put("peer", "JobRunr's JobRequestScheduler.create(aJob().withId(random).withName(..).withJobRequest(PipelineJobRequest)) of"
                + " the same jobs from " + EnqueueBenchmarks.CLIENTS + " threads in the bench's JVM, HikariCP pool of 10 (as the worker's),"
                + " on the same PostgreSQL: what the worker's API does behind the HTTP, without it");
        extra.put("clients", EnqueueBenchmarks.CLIENTS);
        extra.put("jobs_per_side", settings.httpJobs() * cairn.size());
        extra.put("blocks_per_side", cairn.size());
        extra.put("cairn_warmup_calls_per_block", cairnWarmupCalls);
        extra.put("cairn_jit_share_per_block", Report.round(cairnJitShares));
        // why: what a fresh worker does while its JIT compiler is still busy, the first round a cold one
        extra.put("cairn_warmup_round_jobs_per_s", cairnWarmupRates);
        extra.put("plain_warmup_calls_per_block", settings.httpWarmups());
        extra.put("cairn_block_jobs_per_s", Report.round(cairn.stream().map(ConcurrentCalls.Timed::callsPerSecond).toList()));
        extra.put("plain_block_jobs_per_s", Report.round(plain.stream().map(ConcurrentCalls.Timed::callsPerSecond).toList()));
        extra.put("cairn_p50_ms", Report.round(Stats.percentile(cairnMs, 50)));
        extra.put("cairn_p99_ms", Report.round(Stats.percentile(cairnMs, 99)));
        extra.put("plain_p50_ms", Report.round(Stats.percentile(plainMs, 50)));
        extra.put("plain_p99_ms", Report.round(Stats.percentile(plainMs, 99)));
        // why: the worker runs what it takes in (one thread); how much of that work fell into the blocks
        extra.put("cairn_jobs_run_by_the_block_end", ranDuring);
        extra.put("cairn_jobs_enqueued_per_block", cairnWarmupCalls.stream().map(w -> w + settings.httpJobs()).toList());
        extra.put("worker", EnqueueBenchmarks.WORKER_NOTE);
        extra.put("statistic", "jobs/s = all measured enqueues of a side / the sum of its blocks' times (gate open → last call returned);"
                + " p50/p99 by nearest rank over every measured call of a side; blocks alternate Cairn/plain, each on a fresh schema;"
                + " Cairn's worker is started fresh for each block and killed after it, and warmed up in rounds of " + settings.httpWarmups()
                + " calls until a round's JIT compiler time was at most " + Math.round(100 * WorkerJit.QUIET_SHARE) + "% of the round's (at most "
                + settings.maxWarmupRounds() + " rounds; cairn_jit_share_per_block: the compiler's time during the measured block over the"
                + " block's); the peer, in the bench's warm JVM, after " + settings.httpWarmups() + " warm-up calls");
        report.add("enqueue_http_jobs_per_s", rate(cairn), "jobs/s", rate(plain), ">= 0.5", extra);
    }

    private static double rate(List<ConcurrentCalls.Timed> blocks) {
        return blocks.stream().mapToInt(ConcurrentCalls.Timed::calls).sum() / blocks.stream().mapToDouble(ConcurrentCalls.Timed::seconds).sum();
    }

    private static List<Double> all(List<ConcurrentCalls.Timed> blocks) {
        return blocks.stream().flatMap(t -> t.latencyMs().stream()).toList();
    }
}
