package dev.cairn.bench.crash;

import dev.cairn.bench.fleet.BenchDatabase;
import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;

import java.io.PrintStream;

/**
 * The crash group ({@code --only crash}): {@link CrashRecoveryBenchmark} and {@link EnqueuePickupBenchmark}
 * in one {@link FleetLab} on the PostgreSQL its processes meet in; without a PostgreSQL it skips the group
 * with a message (an embedded H2 cannot be shared between processes).
 */
public final class CrashGroup {

    /**
     * Samples of the group.
     *
     * @param crashSamples  samples per side of each crash figure
     * @param pickupWarmups untimed pickups per side first
     * @param pickupSamples measured pickups per side
     */
    public record Settings(int crashSamples, int pickupWarmups, int pickupSamples) {
    }

    private CrashGroup() {
    }

    /** Runs the group into {@code report}, or prints why it is skipped. */
    public static void run(BenchRedis redis, Settings settings, Report report, PrintStream log) {
        ChildProcess.benchJar(); // fail now, not after the first sample, when not run from the jar
        BenchDatabase database;
        try {
            database = BenchDatabase.resolve();
        } catch (BenchDatabase.Unavailable e) {
            log.println("bench: SKIPPED the crash group (crash_recovery_restart_s, crash_recovery_peer_s, enqueue_pickup_ms): no PostgreSQL, "
                    + e.getMessage() + ". Its processes must share a job storage, which an embedded H2 cannot be; set "
                    + BenchDatabase.URL_ENV + " to a PostgreSQL JDBC URL to run it.");
            return;
        }
        try (database; FleetLab lab = FleetLab.open(database, redis, "crash", log)) {
            log.println("bench: crash group on " + database.description() + ", processes' logs in " + lab.scratch());
            try {
                new CrashRecoveryBenchmark().run(lab, settings, log).report(report);
                new EnqueuePickupBenchmark().run(lab, settings, log).report(report);
            } catch (RuntimeException e) {
                lab.keepScratch();
                log.println("bench: the crash group failed; the processes' logs stay in " + lab.scratch());
                throw e;
            }
        }
    }
}
