package dev.cairn.bench.fleet;

import dev.cairn.bench.support.BenchRedis;

import java.io.PrintStream;

/**
 * What the scale and throughput groups share: worker processes on the shared PostgreSQL (the group is
 * skipped without one), a Redis of their own when one can be started (so {@code INFO commandstats}
 * counts nothing but theirs), and a {@link FleetLab} whose scratch files stay when a measurement fails.
 */
public final class CountedLab {

    /** One group's measurement inside the lab. */
    public interface Body {
        /**
         * @param redisDescription the Redis the processes use, and whether anything else uses it
         */
        void measure(FleetLab lab, ScaleCounters counters, String redisDescription) throws Exception;
    }

    private CountedLab() {
    }

    /**
     * @param group   the group's name, e.g. {@code throughput}
     * @param figures the figures it would report, for the message when it is skipped
     * @return false when the group was skipped (no PostgreSQL), after saying why
     */
    public static boolean run(String group, String figures, BenchRedis runRedis, PrintStream log, Body body) {
        ChildProcess.benchJar();
        BenchDatabase database;
        try {
            database = BenchDatabase.resolve();
        } catch (BenchDatabase.Unavailable e) {
            log.println("bench: SKIPPED the " + group + " group (" + figures + "): no PostgreSQL, " + e.getMessage()
                    + "; set " + BenchDatabase.URL_ENV + " to a PostgreSQL JDBC URL to run it.");
            return false;
        }
        BenchRedis own = null;
        try {
            own = BenchRedis.startEmbedded();
        } catch (RuntimeException e) {
            log.println("bench: " + group + " group: no embedded Redis (" + e.getMessage() + "); the Redis counts include anything else on "
                    + runRedis.description());
        }
        BenchRedis redis = own != null ? own : runRedis;
        String description = own != null ? redis.description() + ", used by nothing else" : redis.description() + ", SHARED";
        try (database; BenchRedis closeMe = own; FleetLab lab = FleetLab.open(database, redis, group, log)) {
            try {
                body.measure(lab, new ScaleCounters(redis.url(), database.dataSource()), description);
            } catch (Exception e) {
                lab.keepScratch();
                log.println("bench: the " + group + " group failed; the processes' logs stay in " + lab.scratch());
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        return true;
    }
}
