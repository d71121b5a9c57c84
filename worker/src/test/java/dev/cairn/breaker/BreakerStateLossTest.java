package dev.cairn.breaker;

import dev.cairn.breaker.internal.SharedBreakers;
import dev.cairn.config.BreakerSettings;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.AbstractTransaction;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two "workers" (registries with their own local views) on one Redis that loses the breaker's state:
 * the next trip must still reach every worker, the one that tripped it included. The periodic refresh is
 * an hour away, so only script replies and notifications can tell them.
 */
class BreakerStateLossTest {

    private static final String PROVIDER = "acme";
    private static final Duration NO_REFRESH = Duration.ofHours(1);
    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final BreakerSettings settings = new BreakerSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(60), 3);
    private final List<CircuitBreakerRegistry> registries = new ArrayList<>();

    private CircuitBreaker worker(UnifiedJedis redis, URI url) {
        CircuitBreakerRegistry registry = new SharedBreakers(List.of(PROVIDER), redis, () -> RedisConnections.dedicated(url), keys,
                settings, Clock.systemUTC(), new SimpleMeterRegistry(), NO_REFRESH).start();
        registries.add(registry);
        return registry.breaker(PROVIDER);
    }

    @AfterEach
    void close() {
        registries.forEach(CircuitBreakerRegistry::close);
    }

    @Test
    void shouldProtectEveryWorkerAgainWhenTheBreakersKeysAreDeletedBetweenTrips() {
        CircuitBreaker a = worker(TestRedis.client(), TestRedis.url());
        CircuitBreaker b = worker(TestRedis.client(), TestRedis.url());
        tripAndRecover(a, b);
        tripAndRecover(a, b);

        TestRedis.client().del(keys.breaker(PROVIDER), keys.breakerFailures(PROVIDER)); // FLUSHDB, eviction, a lost failover

        trip(a);
        assertThat(a.snapshot().state()).as("the worker that tripped it").isEqualTo(BreakerState.OPEN);
        assertThatThrownBy(a::tryAcquire).isInstanceOf(BreakerOpenException.class);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.OPEN);
        assertThatThrownBy(b::tryAcquire).isInstanceOf(BreakerOpenException.class);
    }

    @Test
    void shouldProtectEveryWorkerAgainAfterRedisRestartsWithoutItsData() {
        try (OwnRedis own = OwnRedis.start(); RedisClient redis = RedisConnections.connect(own.url())) {
            CircuitBreaker a = worker(redis, own.url());
            CircuitBreaker b = worker(redis, own.url());
            tripAndRecover(a, b);

            own.restartEmpty();

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                a.onFailure(a.tryAcquire()); // the first commands may meet connections the restart closed
                return a.snapshot().state() == BreakerState.OPEN;
            });
            assertThatThrownBy(a::tryAcquire).isInstanceOf(BreakerOpenException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> b.snapshot().state() == BreakerState.OPEN);
            assertThatThrownBy(b::tryAcquire).isInstanceOf(BreakerOpenException.class);
        }
    }

    @Test
    void shouldGiveTheStateANewEpochWhenRedisHoldsLessThanAWorkerHasSeen() {
        // a failover to a replica that missed the latest writes: the same epoch, an older version
        CircuitBreaker a = worker(TestRedis.client(), TestRedis.url());
        CircuitBreaker b = worker(TestRedis.client(), TestRedis.url());
        // why: b must be subscribed and past its catch-up refresh before Redis is rolled back; a refresh
        // of b's landing between the rollback's writes would read a half-written state and answer for it
        tripAndRecover(a, b);
        trip(a);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.OPEN);
        BreakerSnapshot open = a.snapshot();
        try (AbstractTransaction failover = TestRedis.client().multi()) {
            failover.hset(keys.breaker(PROVIDER), Map.of("version", Long.toString(open.version() - 1), "state", "CLOSED"));
            failover.del(keys.breakerFailures(PROVIDER));
            failover.exec();
        }

        BreakerSnapshot after = a.refresh();
        assertThat(after.epoch()).isGreaterThan(open.epoch());
        assertThat(a.snapshot().state()).as("Redis' word, though its version is lower").isEqualTo(BreakerState.CLOSED);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.CLOSED);
        trip(a);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.OPEN);
    }

    private void tripAndRecover(CircuitBreaker a, CircuitBreaker b) {
        trip(a);
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.OPEN);
        a.reset();
        await().atMost(Duration.ofSeconds(2)).until(() -> b.snapshot().state() == BreakerState.CLOSED);
    }

    private void trip(CircuitBreaker breaker) {
        for (int i = 0; i < settings.failureThreshold(); i++) breaker.onFailure(breaker.tryAcquire());
    }
}
