package dev.cairn.bench.enqueue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.bench.fleet.BenchDatabase;
import dev.cairn.bench.fleet.BulkJobs;
import dev.cairn.bench.fleet.CheckpointOnlyPipeline;
import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import org.jobrunr.scheduling.JobBuilder;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * The enqueue group ({@code --only enqueue}): how fast one Cairn worker process takes jobs in through its API,
 * one at a time from {@value #CLIENTS} clients ({@link EnqueueHttpBenchmark}) and as an NDJSON batch
 * ({@link EnqueueBatchBenchmark}), each against JobRunr's own scheduler doing the same inserts in the bench's
 * JVM on the same PostgreSQL. Needs PostgreSQL; the workers use the run's Redis under a key prefix of their own.
 */
public final class EnqueueBenchmarks {

    /** Client threads of the single-enqueue figure. */
    static final int CLIENTS = 8;
    /**
     * The worker is an API node ({@code CAIRN_WORKER_COUNT=0}): it takes jobs in for the fleet and runs none, so
     * the figure is the enqueue path, as JobRunr's side is; the fleet that would run them is idle (absent).
     */
    static final Map<String, String> WORKER_ENV = Map.of("CAIRN_WORKER_COUNT", "0");
    static final String WORKER_NOTE = "BenchWorkerMain (cairn worker plus the " + CheckpointOnlyPipeline.TYPE + " pipeline), -Xmx512m,"
            + " PostgreSQL pool of 10, CAIRN_WORKER_COUNT=0: an API node that takes jobs in and runs none (no worker runs them"
            + " during the figure); every enqueue also publishes Cairn's jobs-ready signal in Redis";

    /**
     * @param httpWarmups     unmeasured single enqueues per warm-up round (on the block's fresh worker or schema)
     * @param httpJobs        measured single enqueues per block
     * @param httpBlocks      blocks per side, Cairn and plain alternating
     * @param maxWarmupRounds most warm-up rounds on a fresh worker: it is warmed up until a round leaves its JIT
     *                        compiler quiet ({@link dev.cairn.bench.fleet.WorkerJit}), where the peer's scheduler runs
     *                        in the bench's warm JVM (one round of warm-up per block, two batches per sample, each on
     *                        its fresh schema)
     * @param batchWarmup     jobs of each warm-up batch
     * @param batchJobs       jobs of the measured batch
     * @param batchSamples    samples per side, alternating
     */
    public record Settings(int httpWarmups, int httpJobs, int httpBlocks, int maxWarmupRounds, int batchWarmup, int batchJobs,
                           int batchSamples) {
    }

    private EnqueueBenchmarks() {
    }

    /** Runs the group into {@code report}, or prints why (a part of) it is skipped. */
    public static void run(BenchRedis redis, Settings settings, Report report, PrintStream log) {
        ChildProcess.benchJar();
        BenchDatabase database;
        try {
            database = BenchDatabase.resolve();
        } catch (BenchDatabase.Unavailable e) {
            log.println("bench: SKIPPED the enqueue group (enqueue_http_jobs_per_s, enqueue_batch_jobs_per_s): no PostgreSQL, "
                    + e.getMessage() + "; set " + BenchDatabase.URL_ENV + " to a PostgreSQL JDBC URL to run it.");
            return;
        }
        try (database; FleetLab lab = FleetLab.open(database, redis, "enqueue", log); HikariDataSource peerPool = peerPool(database)) {
            try {
                log.println("bench: enqueue_http_jobs_per_s (" + settings.httpBlocks() + " blocks of " + settings.httpJobs() + " per side after warm-up rounds of "
                        + settings.httpWarmups() + " calls, " + CLIENTS + " client threads) ...");
                new EnqueueHttpBenchmark(lab, peerPool, settings, log).run().report(report);
                log.println("bench: enqueue_batch_jobs_per_s (" + settings.batchSamples() + " samples of " + settings.batchJobs()
                        + " jobs per side, each after warm-up batches of " + settings.batchWarmup() + ") ...");
                try {
                    new EnqueueBatchBenchmark(lab, peerPool, settings, log).run().report(report);
                } catch (EnqueueBatchBenchmark.NoBatchEndpoint e) {
                    log.println("bench: SKIPPED enqueue_batch_jobs_per_s: " + e.getMessage());
                }
            } catch (Exception e) {
                lab.keepScratch();
                log.println("bench: the enqueue group failed; the processes' logs stay in " + lab.scratch());
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
    }

    /** The peer's connections: as many as a worker's pool ({@code JobStorage.DEFAULT_POOL_SIZE}), for its 8 threads. */
    private static HikariDataSource peerPool(BenchDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setPoolName("cairn-bench-enqueue-peer");
        config.setMaximumPoolSize(10);
        return new HikariDataSource(config);
    }

    /** The payload of job {@code i}: one field, so no two bodies are the same. */
    static String jsonLine(int i) {
        return "{\"type\":\"" + CheckpointOnlyPipeline.TYPE + "\",\"payload\":{\"seq\":" + i + "}}";
    }

    /** The same job for JobRunr's scheduler, named as the worker names it (the pipeline's default {@code describe}: its type). */
    static JobBuilder job(int i) {
        return BulkJobs.job(CheckpointOnlyPipeline.TYPE, new PipelineJobRequest(CheckpointOnlyPipeline.TYPE, Map.of("seq", i)));
    }

    static long succeeded(DataSource dataSource, String prefix) throws SQLException {
        return count(dataSource, "select count(*) from " + prefix + "jobrunr_jobs where state = 'SUCCEEDED'");
    }

    /**
     * Fails unless the schema's jobs table holds exactly {@code expected} jobs besides those of recurring jobs (the
     * worker schedules its DLQ clean-up there): every answer was a stored job, and no other was stored.
     */
    static void requireStored(DataSource dataSource, String prefix, int expected) throws SQLException {
        long stored = count(dataSource, "select count(*) from " + prefix + "jobrunr_jobs where recurringJobId is null");
        if (stored != expected) throw new IllegalStateException(expected + " jobs enqueued but " + stored + " stored in " + prefix);
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
