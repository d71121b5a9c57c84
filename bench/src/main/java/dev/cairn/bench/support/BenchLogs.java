package dev.cairn.bench.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The log levels of the bench's own JVMs: the launcher's, the chaos soak's, and JMH forks'. */
public final class BenchLogs {

    private BenchLogs() {
    }

    /**
     * The runner logs every step start and finish at INFO: keep the benchmark's output to its figures.
     * Also called in JMH forks whose setup opens Jedis connections of its own.
     */
    public static void quiet() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
            context.getLogger("dev.cairn").setLevel(Level.WARN);
            context.getLogger("redis.clients").setLevel(Level.ERROR); // the RESP2 fallback notice of plain Jedis
            context.getLogger("org.jobrunr").setLevel(Level.WARN); // the crash group's JobRunr storage logs every migration
            // the scale group's plain enqueues on a busy machine: "JobFilter ... has slow performance", about the bench, not a figure
            context.getLogger("org.jobrunr.jobs.filters").setLevel(Level.ERROR);
        }
    }
}
