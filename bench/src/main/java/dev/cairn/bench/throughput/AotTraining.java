package dev.cairn.bench.throughput;

import dev.cairn.bench.fleet.AotCacheOptions;
import dev.cairn.bench.fleet.BenchDatabase;
import dev.cairn.bench.fleet.BulkJobs;
import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.fleet.Fleet;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.support.Await;
import org.jobrunr.scheduling.JobBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A JDK 25 AOT cache for one side's drains, trained as {@code ./cairn worker} trains its own
 * ({@code scripts/aot-cache.sh}): one process runs with {@code -XX:AOTCacheOutput}, drains a small backlog of the
 * side's job, and is stopped with SIGTERM, the JVM writing the cache on its way out. The drains then start with
 * {@code -XX:AOTMode=on}, so a cache the JVM cannot use fails the drain instead of passing for a cold start.
 */
final class AotTraining {

    /** Jobs the training process drains before it is stopped. */
    static final int TRAINING_JOBS = 2000;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    private AotTraining() {
    }

    /**
     * Trains a cache with {@code fleet} (closed afterwards) and returns the JVM options that start from it.
     *
     * @param cache where the cache goes
     * @param job   the side's job {@code i}
     */
    static List<String> train(Fleet fleet, FleetLab lab, Path cache, IntFunction<JobBuilder> job) throws Exception {
        int jobs = TRAINING_JOBS;
        BenchDatabase database = lab.database();
        try (fleet) {
            try (BulkJobs bulk = BulkJobs.open(database, fleet.tablePrefix(), database.dataSource())) {
                bulk.create(jobs, job);
            }
            fleet.useJvmOptions(AotCacheOptions.training(cache));
            fleet.startTogether(List.of("training"));
            ChildProcess process = fleet.processes().getLast();
            Await.until(fleet.side() + " AOT training drain of " + jobs + " jobs", Duration.ofSeconds(120), Duration.ofMillis(200), () -> {
                process.checkAlive("while training");
                return ThroughputSample.succeeded(database, fleet.tablePrefix()) >= jobs ? Optional.of(true) : Optional.empty();
            });
            process.stop(STOP_TIMEOUT);
        }
        AotCacheOptions.requireWritten(cache, "the " + fleet.side() + " training process");
        return AotCacheOptions.startingFrom(cache);
    }
}
