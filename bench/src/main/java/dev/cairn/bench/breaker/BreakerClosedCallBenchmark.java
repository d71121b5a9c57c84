package dev.cairn.bench.breaker;

import dev.cairn.bench.support.BenchLogs;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.breaker.Permit;
import dev.cairn.config.BreakerSettings;
import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.runtime.internal.Metrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code breaker_closed_call} and {@code breaker_closed_call_vs_naive}: one call through a CLOSED
 * breaker around a no-op.
 *
 * <ul>
 *   <li>{@link #cairn}: a real Cairn breaker from {@link CircuitBreakerRegistry#shared} on the bench
 *       Redis, started (its notification listener and periodic refresh run as in a worker), with the
 *       worker's own meter registry ({@code Metrics.prometheus()}, which the breaker's call counter
 *       goes to): {@code tryAcquire} + the no-op + {@code onSuccess}. CLOSED, so no Redis round trip.</li>
 *   <li>{@link #resilience4j}: Resilience4j 2.3.0's {@code CircuitBreaker} with its defaults, through
 *       the idiomatic decorate/execute path, {@code executeSupplier} around the same no-op.</li>
 *   <li>{@link #resilience4jTimeWindow}: the same with a 60 s time-based window like Cairn's
 *       (extra figure).</li>
 *   <li>{@link #naive}: a shared breaker that asks Redis for the state on every call: {@code HGET
 *       <key> state} through the same pooled client, then the no-op.</li>
 *   <li>{@link #metricsCounter}: only the counter update Cairn's {@code onSuccess} makes (extra figure:
 *       where Cairn's time goes).</li>
 * </ul>
 *
 * <p>{@link BreakerClosedCallRun} runs each method in forks of its own, alternating between them in
 * rounds, so slow drifts of a noisy machine hit all of them alike.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class BreakerClosedCallBenchmark {

    private RedisClient redis;
    private PrometheusMeterRegistry meters;
    private CircuitBreakerRegistry registry;
    private CircuitBreaker cairn;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker r4j;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jTimeWindow;
    private String provider;
    private String naiveKey;
    private String cairnKey;

    /** What the protected call returns: a preallocated object, so no side allocates or boxes. */
    private final Object result = new Object();
    /** The no-op as a Supplier for Resilience4j, made once. */
    private final Supplier<Object> work = this::work;

    @Setup(Level.Trial)
    public void setUp() {
        BenchLogs.quiet(); // the listener's plain Jedis connection warns about RESP3 at WARN in every fork
        URI url = BenchRedis.urlInFork();
        RedisKeys keys = RedisKeys.withPrefix(BenchRedis.prefixInFork());
        provider = "bench-closed-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        redis = RedisConnections.connect(url);
        meters = Metrics.prometheus(); // the worker's registry, JVM metrics bound
        BreakerSettings settings = new BreakerSettings(BreakerSettings.DEFAULT_FAILURE_THRESHOLD, BreakerSettings.DEFAULT_FAILURE_WINDOW,
                BreakerSettings.DEFAULT_RECOVERY_TIMEOUT, BreakerSettings.DEFAULT_HALF_OPEN_MAX_CALLS);
        registry = CircuitBreakerRegistry.shared(List.of(provider), redis, url, keys, settings, Clock.systemUTC(), meters).start();
        cairn = registry.breaker(provider);
        cairnKey = keys.breaker(provider);
        if (cairn.refresh().state() != BreakerState.CLOSED || cairn.snapshot().state() != BreakerState.CLOSED) {
            throw new IllegalStateException("the Cairn breaker is not CLOSED: " + cairn.snapshot());
        }

        r4j = io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults().circuitBreaker(provider);
        r4jTimeWindow = io.github.resilience4j.circuitbreaker.CircuitBreaker.of(provider + "-time", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) BreakerSettings.DEFAULT_FAILURE_WINDOW.toSeconds())
                .minimumNumberOfCalls(BreakerSettings.DEFAULT_FAILURE_THRESHOLD)
                .waitDurationInOpenState(BreakerSettings.DEFAULT_RECOVERY_TIMEOUT)
                .permittedNumberOfCallsInHalfOpenState(BreakerSettings.DEFAULT_HALF_OPEN_MAX_CALLS)
                .build());

        // the naive breaker's own state hash, shaped like a shared breaker's
        naiveKey = keys.prefix() + "naive-cb:{" + provider + "}";
        redis.hset(naiveKey, Map.of("state", "CLOSED", "failures", "0", "opened_at", "0", "version", "0"));
        if (!"CLOSED".equals(redis.hget(naiveKey, "state"))) throw new IllegalStateException("naive breaker state not written");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (cairn.snapshot().state() != BreakerState.CLOSED) {
                throw new IllegalStateException("the Cairn breaker left CLOSED during the benchmark: " + cairn.snapshot());
            }
            redis.del(naiveKey, cairnKey, cairnKey + ":failures");
        } finally {
            registry.close();
            redis.close();
            meters.close();
        }
    }

    private Object work() {
        return result;
    }

    /** Cairn: one call through a CLOSED shared breaker, no round trip. */
    @Benchmark
    public void cairn(Blackhole bh) {
        Permit p = cairn.tryAcquire();
        bh.consume(work());
        cairn.onSuccess(p);
    }

    /** Peer: Resilience4j (defaults: count-based window of 100 calls), decorate/execute path. */
    @Benchmark
    public void resilience4j(Blackhole bh) {
        bh.consume(r4j.executeSupplier(work));
    }

    /** Extra: Resilience4j with a 60 s time-based window, like Cairn's failure window. */
    @Benchmark
    public void resilience4jTimeWindow(Blackhole bh) {
        bh.consume(r4jTimeWindow.executeSupplier(work));
    }

    /** Naive shared breaker: reads the state from Redis on every call. */
    @Benchmark
    public void naive(Blackhole bh) {
        String state = redis.hget(naiveKey, "state");
        if ("OPEN".equals(state)) throw new IllegalStateException("naive breaker open");
        bh.consume(work());
    }

    /** Extra: only the call counter Cairn's onSuccess updates, looked up by name and tags as it does. */
    @Benchmark
    public void metricsCounter() {
        meters.counter(MetricNames.BREAKER_CALLS, MetricNames.TAG_PROVIDER, provider, MetricNames.TAG_OUTCOME, "success").increment();
    }
}
