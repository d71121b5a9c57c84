package dev.cairn.bench.enqueue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code count} calls made by {@code threads} threads at once, each taking the next index until none is
 * left, every call timed; the enqueue figures' clients. The threads wait at a gate so the clock starts
 * when all of them can run, and stops when the last call returned.
 */
final class ConcurrentCalls {

    /** One call; {@code i} is its index, 0-based. Throws to fail the figure. */
    @FunctionalInterface
    interface Call {
        void call(int i) throws Exception;
    }

    /**
     * @param seconds    the gate opening → the last call returned
     * @param latencyMs  every call's own time, in ms
     */
    record Timed(int calls, double seconds, List<Double> latencyMs) {

        double callsPerSecond() {
            return calls / seconds;
        }
    }

    private ConcurrentCalls() {
    }

    static Timed run(int count, int threads, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>(count));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                all.add(pool.submit(() -> {
                    gate.await();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        call.call(i);
                        latencies.add((System.nanoTime() - start) / 1e6);
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            gate.countDown();
            for (Future<?> f : all) f.get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Timed(count, seconds, List.copyOf(latencies));
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
    }
}
