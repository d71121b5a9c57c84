package dev.cairn.runtime.internal;

import java.time.Duration;

/**
 * One dependency's probe (job storage's {@code SELECT 1}, Redis's PING and script) and its last result,
 * shared by everything that asks whether the dependency answers: {@code /health/*}, the {@code *_up}
 * gauges and the job-server revival. The task of the worker's scheduler refreshes it every few seconds; a
 * health request takes a result younger than {@link #FRESH} or probes at once (one probe at a time, the
 * others wait for its result), and a gauge only reads the last result, so a scrape never waits on a hung
 * server.
 */
public final class SharedProbe {

    /** How old a result may be and still answer a health request. */
    static final Duration FRESH = Duration.ofSeconds(1);

    /** A cheap call that throws when the dependency does not answer. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /**
     * What one probe found.
     *
     * @param error     why it did not answer; {@code null} when it did
     * @param latencyMs how long the probe took
     * @param atNanos   when it ended ({@link System#nanoTime()})
     */
    public record Result(Exception error, long latencyMs, long atNanos) {
        public boolean up() {
            return error == null;
        }

        /** @return whether this result is younger than {@code age} */
        boolean youngerThan(Duration age) {
            return System.nanoTime() - atNanos < age.toNanos();
        }
    }

    private final Check check;
    private volatile Result last;

    public SharedProbe(Check check) {
        this.check = check;
    }

    /** @return the last result, {@code null} before the first probe ended; never probes */
    public Result last() {
        return last;
    }

    /** @return a result younger than {@link #FRESH}: the last one, or a probe made now */
    public Result current() {
        Result known = last;
        if (known != null && known.youngerThan(FRESH)) return known;
        synchronized (this) {
            known = last;
            if (known != null && known.youngerThan(FRESH)) return known;
            return probe();
        }
    }

    /**
     * Probes now: the scheduler's task.
     *
     * @throws Exception what the probe threw, so the task's failures are counted
     */
    public synchronized void refresh() throws Exception {
        Result result = probe();
        if (result.error() != null) throw result.error();
    }

    /** @throws Exception when the current result says the dependency does not answer: the revival's ping */
    public void requireUp() throws Exception {
        Result result = current();
        if (result.error() != null) throw result.error();
    }

    private Result probe() {
        long start = System.nanoTime();
        Exception error = null;
        try {
            check.run();
        } catch (Exception e) {
            error = e;
        }
        long end = System.nanoTime();
        Result result = new Result(error, Duration.ofNanos(end - start).toMillis(), end);
        last = result;
        return result;
    }
}
