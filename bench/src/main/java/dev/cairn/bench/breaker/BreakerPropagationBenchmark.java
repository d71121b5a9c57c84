package dev.cairn.bench.breaker;

import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;
import dev.cairn.breaker.BreakerOpenException;
import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.breaker.Permit;
import dev.cairn.config.BreakerSettings;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.runtime.internal.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import redis.clients.jedis.RedisClient;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code breaker_open_propagation_p99}: how long after one worker trips a breaker another worker
 * refuses calls.
 *
 * <p>Two "workers" share one Redis, each a {@link CircuitBreakerRegistry#shared} registry of its own,
 * started: its own pooled client, its own meter registry, its own local view of the breaker and its
 * own pub/sub connection listening to transitions. That is the real propagation path (breaker.lua
 * publishes, each registry's listener updates its view); both live in this one JVM, so they share its
 * CPU time and its GC pauses, which if anything makes propagation slower than between two processes.
 *
 * <p>Each sample: reset the breaker through A and wait until B's {@code snapshot()} shows CLOSED; record
 * {@code threshold - 1} failures through A; start a thread on B that calls {@code b.tryAcquire()} (and
 * {@code onSuccess} for each granted permit) in a tight loop; once it has been granted a call, take t0
 * and record the failure through A that trips the breaker ({@code a.onFailure(a.tryAcquire())}); B's
 * thread takes t1 when its {@code tryAcquire} throws {@link BreakerOpenException}. Sample = t1 - t0. The
 * sample includes A's own round trip for the tripping failure (its script publishes the transition).
 */
public final class BreakerPropagationBenchmark {

    /** Warm-up samples (discarded) and measured samples. */
    public record Settings(int warmups, int samples) {
    }

    /** The target: an OPEN reaches every worker within this. */
    static final double TARGET_MS = 100;
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);

    private final List<Double> samplesMs = new ArrayList<>();
    private final List<Double> tripCallMs = new ArrayList<>();
    private final List<Double> closeSeenMs = new ArrayList<>();
    private Settings settings;
    private int threshold;

    /** What B's calling thread saw: when it was refused, and in which state. */
    private record Refusal(long nanos, BreakerState state) {
    }

    public BreakerPropagationBenchmark run(BenchRedis redis, Settings settings, PrintStream log) throws Exception {
        this.settings = settings;
        BreakerSettings breakerSettings = new BreakerSettings(BreakerSettings.DEFAULT_FAILURE_THRESHOLD, BreakerSettings.DEFAULT_FAILURE_WINDOW,
                BreakerSettings.DEFAULT_RECOVERY_TIMEOUT, BreakerSettings.DEFAULT_HALF_OPEN_MAX_CALLS);
        threshold = breakerSettings.failureThreshold();
        RedisKeys keys = RedisKeys.withPrefix(redis.prefix());
        String provider = "bench-propagation-" + System.nanoTime();
        ExecutorService callers = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("bench-worker-b-caller").factory());
        PrometheusMeterRegistry metersA = Metrics.prometheus();
        PrometheusMeterRegistry metersB = Metrics.prometheus();
        try (RedisClient clientA = RedisConnections.connect(redis.url());
             RedisClient clientB = RedisConnections.connect(redis.url());
             CircuitBreakerRegistry workerA = CircuitBreakerRegistry.shared(List.of(provider), clientA, redis.url(), keys, breakerSettings,
                     Clock.systemUTC(), metersA).start();
             CircuitBreakerRegistry workerB = CircuitBreakerRegistry.shared(List.of(provider), clientB, redis.url(), keys, breakerSettings,
                     Clock.systemUTC(), metersB).start()) {
            CircuitBreaker a = workerA.breaker(provider);
            CircuitBreaker b = workerB.breaker(provider);
            // both listeners subscribed: a forced OPEN must reach B by notification before anything is timed
            a.forceOpen();
            awaitState(b, BreakerState.OPEN, "B to see the first forced OPEN");

            int total = settings.warmups() + settings.samples();
            for (int i = 0; i < total; i++) {
                sample(a, b, callers, i >= settings.warmups());
                if (i + 1 == settings.warmups()) {
                    log.printf(Locale.ROOT, "  breaker_open_propagation %d warm-up samples done%n", settings.warmups());
                }
            }
            a.reset();
            clientA.del(keys.breaker(provider), keys.breakerFailures(provider));
        } finally {
            metersA.close();
            metersB.close();
            callers.shutdownNow();
            if (!callers.awaitTermination(10, TimeUnit.SECONDS)) log.println("  breaker_open_propagation: B's caller thread did not stop");
        }
        log.printf(Locale.ROOT, "  breaker_open_propagation %d samples  p50 %.3f ms  p99 %.3f ms  max %.3f ms  (A's tripping call p50 %.3f ms)%n",
                samplesMs.size(), Stats.median(samplesMs), Stats.percentile(samplesMs, 99), Stats.max(samplesMs), Stats.median(tripCallMs));
        return this;
    }

    private void sample(CircuitBreaker a, CircuitBreaker b, ExecutorService callers, boolean measured) throws Exception {
        // 1. closed everywhere: reset through A, wait for B's view to follow (by notification)
        long resetAt = System.nanoTime();
        BreakerSnapshot reset = a.reset();
        if (reset.state() != BreakerState.CLOSED || a.snapshot().state() != BreakerState.CLOSED) {
            throw new IllegalStateException("reset did not close the breaker: " + reset);
        }
        awaitState(b, BreakerState.CLOSED, "B to see the reset");
        long closeSeen = System.nanoTime();

        // 2. one failure short of the threshold, through A (no transition yet, so nothing is published)
        for (int f = 1; f < threshold; f++) a.onFailure(a.tryAcquire());
        if (a.snapshot().state() != BreakerState.CLOSED) throw new IllegalStateException("opened before the threshold: " + a.snapshot());

        // 3. B calls in a tight loop until it is refused
        CountDownLatch calling = new CountDownLatch(1);
        Future<Refusal> refusal = callers.submit(() -> callUntilRefused(b, calling));
        if (!calling.await(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("B's caller never got a permit");

        // 4. A trips it
        long t0 = System.nanoTime();
        Permit permit = a.tryAcquire();
        a.onFailure(permit);
        long tripReturned = System.nanoTime();
        if (a.snapshot().state() != BreakerState.OPEN) throw new IllegalStateException("the failure at the threshold did not open it: " + a.snapshot());

        Refusal refused = refusal.get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        if (refused == null) throw new IllegalStateException("B was still admitting calls " + WAIT_LIMIT + " after the trip");
        if (refused.state() != BreakerState.OPEN) throw new IllegalStateException("B refused in state " + refused.state());
        if (measured) {
            samplesMs.add((refused.nanos() - t0) / 1e6);
            tripCallMs.add((tripReturned - t0) / 1e6);
            closeSeenMs.add((closeSeen - resetAt) / 1e6);
        }
    }

    /** B's caller: tryAcquire + onSuccess until refused; counts down {@code calling} after its first granted call. */
    private static Refusal callUntilRefused(CircuitBreaker b, CountDownLatch calling) {
        long admitted = 0;
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (true) {
            Permit permit;
            try {
                permit = b.tryAcquire();
            } catch (BreakerOpenException e) {
                long now = System.nanoTime();
                return new Refusal(now, b.snapshot().state());
            }
            b.onSuccess(permit);
            if (++admitted == 1) calling.countDown();
            if ((admitted & 1023) == 0 && System.nanoTime() > deadline) return null;
        }
    }

    private static void awaitState(CircuitBreaker breaker, BreakerState state, String what) {
        await(() -> breaker.snapshot().state() == state, what);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            LockSupport.parkNanos(20_000);
        }
    }

    /** Adds {@code breaker_open_propagation_p99} (ms; baseline = the 100 ms target, as no peer propagates). */
    public void report(Report report) {
        double p99 = Stats.percentile(samplesMs, 99);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("measured", "worker A records the failure that trips the breaker (t0 just before a.onFailure(a.tryAcquire()) at the"
                + " threshold) until worker B's b.tryAcquire(), called in a tight loop, throws BreakerOpenException (t1)");
        extra.put("peer", "none: the baseline is the target (" + (int) TARGET_MS + " ms), so ratio = p99 / target; per-process breakers"
                + " (Resilience4j, Failsafe) never propagate, a naive Redis-read breaker has no local view to update");
        extra.put("workers", "two CircuitBreakerRegistry.shared(...).start() registries in one JVM, each with its own Redis pool,"
                + " pub/sub connection and local view");
        extra.put("samples", samplesMs.size());
        extra.put("warmups", settings.warmups());
        extra.put("p50_ms", Report.round(Stats.median(samplesMs)));
        extra.put("p90_ms", Report.round(Stats.percentile(samplesMs, 90)));
        extra.put("p99_ms", Report.round(p99));
        extra.put("max_ms", Report.round(Stats.max(samplesMs)));
        extra.put("mean_ms", Report.round(samplesMs.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        extra.put("trip_call_p50_ms", Report.round(Stats.median(tripCallMs)));
        extra.put("reset_seen_by_b_p50_ms", Report.round(Stats.median(closeSeenMs)));
        extra.put("reset_seen_by_b_p99_ms", Report.round(Stats.percentile(closeSeenMs, 99)));
        extra.put("failure_threshold", threshold);
        extra.put("statistic", "99th percentile (nearest rank) of t1 - t0 over the measured samples");
        report.add("breaker_open_propagation_p99", p99, "ms", TARGET_MS, "<= 1", extra);
    }
}
