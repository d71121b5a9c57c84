package dev.cairn.breaker;

import dev.cairn.config.BreakerSettings;
import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisUnavailableException;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Breakers of several "workers" (registries with their own local views) on one real Redis.
 * Includes regression tests for the seed material's three state-overwrite bugs.
 */
class SharedCircuitBreakerTest {

    private static final String PROVIDER = "acme";
    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final BreakerSettings settings = new BreakerSettings(5, Duration.ofSeconds(60), Duration.ofMillis(400), 3);
    private final List<CircuitBreakerRegistry> registries = new ArrayList<>();
    private final List<SimpleMeterRegistry> meters = new ArrayList<>();

    private CircuitBreaker worker(UnifiedJedis redis, java.net.URI url) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        meters.add(registry);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.shared(List.of(PROVIDER), redis, url, keys, settings, Clock.systemUTC(),
                registry).start();
        registries.add(breakers);
        return breakers.breaker(PROVIDER);
    }

    private CircuitBreaker worker() {
        return worker(TestRedis.client(), TestRedis.url());
    }

    @AfterEach
    void close() {
        registries.forEach(CircuitBreakerRegistry::close);
    }

    private double transitions(String to) {
        return meters.stream().mapToDouble(m -> m.find(MetricNames.BREAKER_TRANSITIONS).tag(MetricNames.TAG_TO, to).counters()
                .stream().mapToDouble(c -> c.count()).sum()).sum();
    }

    @Test
    void shouldOpenExactlyOnceWhenTwoWorkersFailAtOnce() throws Exception {
        CircuitBreaker a = worker();
        CircuitBreaker b = worker();
        runConcurrently(40, i -> {
            CircuitBreaker breaker = i % 2 == 0 ? a : b;
            try {
                breaker.onFailure(breaker.tryAcquire());
            } catch (BreakerOpenException refused) {
                // why: calls after the trip are refused, as they should be
            }
            return null;
        });

        assertThat(transitions("open")).as("one CLOSED->OPEN for the whole burst").isEqualTo(1);
        assertThat(a.refresh().state()).isEqualTo(BreakerState.OPEN);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.OPEN);
    }

    @Test
    void shouldAdmitAtMostHalfOpenMaxCallsTrialCallsAcrossWorkers() throws Exception {
        CircuitBreaker a = worker();
        CircuitBreaker b = worker();
        a.forceOpen();
        Thread.sleep(settings.recoveryTimeout().toMillis() + 50);

        AtomicInteger granted = new AtomicInteger();
        runConcurrently(30, i -> {
            try {
                Permit permit = (i % 2 == 0 ? a : b).tryAcquire();
                assertThat(permit.trial()).isTrue();
                granted.incrementAndGet();
            } catch (BreakerOpenException refused) {
                assertThat(refused.retryAt()).isNotNull();
            }
            return null;
        });

        assertThat(granted.get()).isEqualTo(settings.halfOpenMaxCalls());
        assertThat(a.refresh().state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(transitions("half_open")).as("one OPEN->HALF_OPEN").isEqualTo(1);
    }

    @Test
    void shouldCloseAfterEnoughTrialSuccessesAndReopenOnOneTrialFailure() throws Exception {
        CircuitBreaker a = worker();
        CircuitBreaker b = worker();
        a.forceOpen();
        Thread.sleep(settings.recoveryTimeout().toMillis() + 50);
        List<Permit> trials = List.of(a.tryAcquire(), b.tryAcquire(), a.tryAcquire());
        a.onSuccess(trials.get(0));
        b.onSuccess(trials.get(1));
        assertThat(a.refresh().state()).isEqualTo(BreakerState.HALF_OPEN);
        a.onSuccess(trials.get(2));
        assertThat(a.refresh().state()).isEqualTo(BreakerState.CLOSED);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.CLOSED);

        b.forceOpen();
        Thread.sleep(settings.recoveryTimeout().toMillis() + 50);
        Permit trial = b.tryAcquire();
        b.onFailure(trial);
        assertThat(b.refresh().state()).isEqualTo(BreakerState.OPEN);
        assertThatThrownBy(a::tryAcquire).isInstanceOf(BreakerOpenException.class);
    }

    @Test
    void shouldTellAnotherWorkerAboutAnOpenWithoutItAsking() {
        try (OwnRedis own = OwnRedis.start(); RedisClient redis = RedisConnections.connect(own.url())) {
            CircuitBreaker a = worker(redis, own.url());
            CircuitBreaker b = worker(redis, own.url());
            await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().version() >= 0);
            for (int i = 0; i < settings.failureThreshold(); i++) a.onFailure(a.tryAcquire());

            await().atMost(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(5))
                    .until(() -> b.snapshot().state() == BreakerState.OPEN);
            long scriptCalls = evalshaCalls(redis);
            for (int i = 0; i < 100; i++) {
                assertThatThrownBy(b::tryAcquire).isInstanceOf(BreakerOpenException.class);
            }
            assertThat(evalshaCalls(redis)).as("an OPEN breaker refuses locally").isEqualTo(scriptCalls);
        }
    }

    @Test
    void shouldCostNoRedisRoundTripOnTheClosedSuccessPath() {
        try (OwnRedis own = OwnRedis.start(); RedisClient redis = RedisConnections.connect(own.url())) {
            CircuitBreaker breaker = worker(redis, own.url());
            breaker.refresh();
            long before = evalshaCalls(redis);
            for (int i = 0; i < 1000; i++) breaker.onSuccess(breaker.tryAcquire());
            assertThat(evalshaCalls(redis)).isEqualTo(before);
        }
    }

    @Test
    void shouldNotLetAStaleWorkersSuccessOverwriteAnOpenItHasNotSeenYet() {
        // seed bug 1: a worker read CLOSED, another tripped the breaker, the first wrote CLOSED back
        CircuitBreaker stale = worker();
        registries.get(0).close(); // this worker hears nothing more: its view stays CLOSED
        CircuitBreaker tripper = worker();
        for (int i = 0; i < settings.failureThreshold(); i++) tripper.onFailure(tripper.tryAcquire());

        Permit permit = stale.tryAcquire();
        stale.onSuccess(permit);
        assertThat(tripper.refresh().state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void shouldNotCountAStaleTrialOutcomeInANewRound() throws Exception {
        // seed bug 2: an outcome reported after the state moved on was applied to the new state
        CircuitBreaker a = worker();
        a.forceOpen();
        Thread.sleep(settings.recoveryTimeout().toMillis() + 50);
        Permit oldTrial = a.tryAcquire();
        a.reset();
        a.forceOpen();
        Thread.sleep(settings.recoveryTimeout().toMillis() + 50);
        a.tryAcquire();
        a.onFailure(oldTrial);
        assertThat(a.refresh().state()).as("a failure from an earlier round does not reopen").isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void shouldNeverRollTheLocalViewBackToAnOlderState() {
        // seed bug 3: stats read stale replaced a newer view
        CircuitBreaker a = worker();
        for (int i = 0; i < settings.failureThreshold(); i++) a.onFailure(a.tryAcquire());
        BreakerSnapshot open = a.refresh();
        ((dev.cairn.breaker.internal.SharedBreakers) registries.get(0)).observeForTest(
                new BreakerSnapshot(PROVIDER, BreakerState.CLOSED, open.epoch(), open.version() - 1, null, 0, 0));
        assertThat(a.snapshot().state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void shouldResetAndForceOpenForEveryWorker() {
        CircuitBreaker a = worker();
        CircuitBreaker b = worker();
        a.forceOpen();
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.OPEN);
        assertThatThrownBy(b::tryAcquire).isInstanceOf(BreakerOpenException.class);
        b.reset();
        await().atMost(Duration.ofSeconds(2)).until(() -> a.snapshot().state() == BreakerState.CLOSED);
        assertThat(a.refresh().failureCount()).isZero();
    }

    @Test
    void shouldStartANewTrialRoundWhenTheTrialCallsNeverReportBack() throws Exception {
        CircuitBreaker a = worker();
        a.forceOpen();
        Thread.sleep(settings.recoveryTimeout().toMillis() + 50);
        for (int i = 0; i < settings.halfOpenMaxCalls(); i++) a.tryAcquire(); // their workers die
        assertThatThrownBy(a::tryAcquire).isInstanceOf(BreakerOpenException.class);
        Thread.sleep(settings.recoveryTimeout().toMillis() + 50);
        assertThat(a.tryAcquire().trial()).isTrue();
    }

    @Test
    void shouldForgetFailuresOutsideTheWindow() throws Exception {
        BreakerSettings shortWindow = new BreakerSettings(3, Duration.ofMillis(300), Duration.ofSeconds(60), 3);
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.shared(List.of(PROVIDER), TestRedis.client(), TestRedis.url(), keys, shortWindow,
                Clock.systemUTC(), new SimpleMeterRegistry());
        registries.add(registry);
        CircuitBreaker breaker = registry.breaker(PROVIDER);
        breaker.onFailure(breaker.tryAcquire());
        breaker.onFailure(breaker.tryAcquire());
        Thread.sleep(400);
        breaker.onFailure(breaker.tryAcquire());
        assertThat(breaker.refresh().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.refresh().failureCount()).isEqualTo(1);
    }

    @Test
    void shouldReportRedisUnavailableOnTheFailurePathButKeepTheClosedPathLocal() {
        try (OwnRedis own = OwnRedis.start(); RedisClient redis = RedisConnections.connect(own.url())) {
            CircuitBreaker breaker = worker(redis, own.url());
            own.stop();
            breaker.onSuccess(breaker.tryAcquire());
            assertThatThrownBy(() -> breaker.onFailure(breaker.tryAcquire())).isInstanceOf(RedisUnavailableException.class);
        }
    }

    private static long evalshaCalls(UnifiedJedis redis) {
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:")) {
                return Long.parseLong(line.replaceAll(".*calls=(\\d+).*", "$1"));
            }
        }
        return 0;
    }

    private interface Task {
        Object call(int index) throws Exception;
    }

    private static void runConcurrently(int tasks, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                int index = i;
                Callable<Object> callable = () -> {
                    start.await();
                    return task.call(index);
                };
                futures.add(pool.submit(callable));
            }
            start.countDown();
            for (Future<Object> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
