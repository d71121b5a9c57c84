package dev.cairn.bench.scale;

import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.fleet.Fleet;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.fleet.ScaleCounters;
import dev.cairn.bench.support.Await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One sample of the scale-out figures: {@code n} processes of one side on a fresh schema, warmed up, then
 * {@code jobs} jobs enqueued as fast as {@value #PRODUCERS} producer threads can, timed from the first
 * enqueue until the jobs table shows them all SUCCEEDED; with the Redis commands and PostgreSQL row
 * writes the run cost, and what the idle fleet costs in a 5 s window before it.
 *
 * <p>When the counters are read (PostgreSQL reports late, see {@link ScaleCounters}): after the warm-up,
 * 11 s of rest so every backend has reported the warm-up's writes; the idle window;
 * the run; then every process of the fleet is killed and the bench's own connections closed (a backend
 * reports when it exits), and the counters are read once they stop moving.
 */
final class ScaleSample {

    /** Threads enqueueing at once: one producer would bound a fast fleet by its own round trips. */
    static final int PRODUCERS = 4;
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);

    /**
     * @param seconds      first enqueue → last SUCCEEDED seen
     * @param enqueueSecs  first enqueue → last enqueue returned
     * @param steadySecs   10% → 90% of the jobs SUCCEEDED (the jobs/s without the start and the tail)
     * @param run          the counters' difference over the run (Redis read when the last job was seen done)
     * @param idle         the counters' difference over the idle window
     * @param idleSeconds  the idle window's length
     */
    record Result(String side, int processes, int jobs, double seconds, double enqueueSecs, double steadySecs,
                  ScaleCounters.Snapshot run, ScaleCounters.Snapshot idle, double idleSeconds) {

        double jobsPerSecond() {
            return jobs / seconds;
        }

        double steadyJobsPerSecond() {
            return steadySecs > 0 ? jobs * 0.8 / steadySecs : Double.NaN;
        }

        /** @return Redis commands per job, with what the idle fleet would have run in as long taken off */
        double redisPerJobNet() {
            return (run.redisTotal() - idle.redisTotal() / idleSeconds * seconds) / jobs;
        }

        double pgPerJobNet() {
            return (run.pgTotal() - idle.pgTotal() / idleSeconds * seconds) / jobs;
        }
    }

    private ScaleSample() {
    }

    static Result measure(Fleet fleet, FleetLab lab, ScaleCounters counters, int processes, int jobs, int warmups) throws Exception {
        for (int i = 1; i <= processes; i++) fleet.start("p" + i);
        String prefix = fleet.tablePrefix();
        enqueue(fleet, warmups);
        awaitSucceeded(lab, prefix, warmups, new long[0], new long[0]);
        // why: PostgreSQL reports an idle backend's writes 10 s late; the warm-up's must not land in the run
        Await.pause(ScaleCounters.PG_IDLE_FLUSH);
        ScaleCounters.Snapshot idleStart = counters.take(prefix);
        long idleT0 = System.nanoTime();
        Await.pause(IDLE_WINDOW);
        ScaleCounters.Snapshot start = counters.take(prefix);
        double idleSeconds = (System.nanoTime() - idleT0) / 1e9;

        long t0 = System.nanoTime();
        ExecutorService enqueuer = Executors.newSingleThreadExecutor();
        double enqueueSecs;
        long[] marks = new long[2];
        try {
            Future<Double> enqueued = enqueuer.submit(() -> {
                enqueue(fleet, jobs);
                return (System.nanoTime() - t0) / 1e9;
            });
            awaitSucceeded(lab, prefix, warmups + jobs, new long[]{warmups + jobs / 10, warmups + jobs * 9L / 10}, marks);
            enqueueSecs = enqueued.get(10, TimeUnit.SECONDS);
        } finally {
            enqueuer.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> redisEnd = counters.redisCalls();
        for (ChildProcess p : fleet.processes()) p.close();
        lab.database().dataSource().getHikariPoolMXBean().softEvictConnections();
        Map<String, Long[]> pgEnd = ScaleCounters.stablePg(counters, prefix);
        ScaleCounters.Snapshot end = new ScaleCounters.Snapshot(redisEnd, ScaleCounters.column(pgEnd, 0), ScaleCounters.column(pgEnd, 1));
        return new Result(fleet.side(), processes, jobs, seconds, enqueueSecs, (marks[1] - marks[0]) / 1e9, end.minus(start),
                start.minus(idleStart), idleSeconds);
    }

    /** Enqueues {@code count} jobs from {@value #PRODUCERS} threads and returns when all are stored. */
    private static void enqueue(Fleet fleet, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < PRODUCERS; t++) {
                int share = count / PRODUCERS + (t < count % PRODUCERS ? 1 : 0);
                all.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) fleet.enqueue();
                    return null;
                }));
            }
            for (Future<?> f : all) f.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Polls the count of SUCCEEDED jobs every 20 ms until it reaches {@code total}.
     *
     * @param thresholds counts to time
     * @param times      receives, for each threshold, the nanoTime just before the read that first saw the count reach it
     */
    private static void awaitSucceeded(FleetLab lab, String prefix, int total, long[] thresholds, long[] times) {
        Duration timeout = Duration.ofSeconds(Math.max(120, total / 2));
        Await.until(total + " jobs SUCCEEDED", timeout, POLL, () -> {
            long now = System.nanoTime();
            long done = succeeded(lab, prefix);
            for (int i = 0; i < thresholds.length; i++) if (times[i] == 0 && done >= thresholds[i]) times[i] = now;
            return done >= total ? Optional.of(done) : Optional.empty();
        });
    }

    private static long succeeded(FleetLab lab, String prefix) throws SQLException {
        try (Connection c = lab.database().dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select count(*) from " + prefix + "jobrunr_jobs where state = 'SUCCEEDED'");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
