package dev.cairn.breaker;

import dev.cairn.config.BreakerSettings;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two "workers" on one Redis, one of them with a clock ten minutes ahead (Redis' own clock stays true):
 * the breaker's windows and timeouts must not depend on whose clock asks.
 */
class BreakerClockSkewTest {

    private static final String PROVIDER = "acme";
    private static final Duration AHEAD = Duration.ofMinutes(10);
    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final BreakerSettings settings = new BreakerSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(30), 3);
    private final List<CircuitBreakerRegistry> registries = new ArrayList<>();
    private final Clock fast = Clock.offset(Clock.systemUTC(), AHEAD);

    private CircuitBreaker worker(Clock clock) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.shared(List.of(PROVIDER), TestRedis.client(), TestRedis.url(), keys,
                settings, clock, new SimpleMeterRegistry()).start();
        registries.add(registry);
        return registry.breaker(PROVIDER);
    }

    @AfterEach
    void close() {
        registries.forEach(CircuitBreakerRegistry::close);
    }

    @Test
    void shouldKeepAnOpenBreakerOpenForAWorkerWhoseClockRunsAhead() {
        CircuitBreaker onTime = worker(Clock.systemUTC());
        CircuitBreaker ahead = worker(fast);
        onTime.forceOpen();
        await().atMost(Duration.ofSeconds(2)).until(() -> ahead.snapshot().state() == BreakerState.OPEN);

        assertThatThrownBy(ahead::tryAcquire).as("no trial call before RECOVERY_TIMEOUT has passed on Redis' clock")
                .isInstanceOfSatisfying(BreakerOpenException.class, e ->
                        assertThat(Duration.between(fast.instant(), e.retryAt())).as("the wait, on the worker's own clock")
                                .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));
        assertThat(onTime.refresh().state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void shouldCountEveryWorkersFailuresInTheWindowWhateverItsClock() {
        CircuitBreaker onTime = worker(Clock.systemUTC());
        CircuitBreaker ahead = worker(fast);
        onTime.onFailure(onTime.tryAcquire());
        onTime.onFailure(onTime.tryAcquire());
        ahead.onFailure(ahead.tryAcquire());

        assertThat(onTime.refresh().state()).as("three failures within a minute, on Redis' clock").isEqualTo(BreakerState.OPEN);
    }
}
