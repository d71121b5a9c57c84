package dev.cairn.bench.support;

import java.time.Duration;
import java.util.Optional;

/**
 * Bounded polling for the crash benchmarks: every wait has a timeout and fails saying what did not
 * happen, never an open-ended sleep loop.
 */
public final class Await {

    private Await() {
    }

    /** One look at the world: a value once the awaited thing happened, else empty. May throw to give up early. */
    @FunctionalInterface
    public interface Check<T> {
        Optional<T> poll() throws Exception;
    }

    /**
     * Calls {@code check} every {@code every} until it yields a value.
     *
     * @param what    what is awaited, for the timeout message (e.g. "job 1234 PROCESSING on another server")
     * @param timeout how long at most
     * @return the first value {@code check} yields
     * @throws IllegalStateException after {@code timeout}, or wrapping what {@code check} threw
     */
    public static <T> T until(String what, Duration timeout, Duration every, Check<T> check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value;
            try {
                value = check.poll();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("while waiting for " + what + ": " + e.getMessage(), e);
            }
            if (value.isPresent()) return value.get();
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            pause(every);
        }
    }

    /** Sleeps {@code duration}; an interrupt ends the benchmark (the caller's finally blocks kill the children). */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
