package dev.cairn.ratelimit;

import dev.cairn.api.RescheduleException;
import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RedisRateLimiterTest {

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void shouldShareOneLimitBetweenWorkersAndRescheduleInsteadOfFailing() throws Exception {
        RateLimiter first = RateLimiter.redis(TestRedis.client(), keys, Duration.ZERO, meters);
        RateLimiter second = RateLimiter.redis(TestRedis.client(), keys, Duration.ZERO, meters);
        AtomicInteger allowed = new AtomicInteger();
        List<Duration> waits = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RateLimiter limiter = i % 2 == 0 ? first : second;
                calls.add(pool.submit(() -> {
                    try {
                        limiter.acquire("acme", 10, Duration.ofMinutes(1));
                        allowed.incrementAndGet();
                    } catch (RescheduleException e) {
                        synchronized (waits) {
                            waits.add(e.delay());
                        }
                    }
                }));
            }
            for (Future<?> call : calls) call.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).as("10 per minute across both workers").isEqualTo(10);
        assertThat(waits).hasSize(30).allSatisfy(d -> assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
        assertThat(meters.counter(MetricNames.RATE_LIMIT, MetricNames.TAG_KEY, "acme", MetricNames.TAG_OUTCOME, "rescheduled").count())
                .isEqualTo(30);
    }

    @Test
    void shouldWaitBrieflyWhenTheNextPermitIsClose() {
        RateLimiter limiter = RateLimiter.redis(TestRedis.client(), keys, Duration.ofSeconds(2), meters);
        limiter.acquire("fast", 5, Duration.ofSeconds(1));
        for (int i = 0; i < 9; i++) limiter.acquire("fast", 5, Duration.ofSeconds(1));
        assertThat(meters.counter(MetricNames.RATE_LIMIT, MetricNames.TAG_KEY, "fast", MetricNames.TAG_OUTCOME, "waited").count())
                .isPositive();
        assertThat(meters.counter(MetricNames.RATE_LIMIT, MetricNames.TAG_KEY, "fast", MetricNames.TAG_OUTCOME, "rescheduled").count())
                .isZero();
    }

    @Test
    void shouldWaitNoLongerThanTheMaximumWaitWhenManyCallersContend() throws Exception {
        Duration maxWait = Duration.ofSeconds(1);
        RateLimiter first = RateLimiter.redis(TestRedis.client(), keys, maxWait, meters);
        RateLimiter second = RateLimiter.redis(TestRedis.client(), keys, maxWait, meters);
        first.acquire("busy", 5, Duration.ofSeconds(1));
        for (int i = 0; i < 4; i++) first.acquire("busy", 5, Duration.ofSeconds(1)); // the bucket is empty
        List<Duration> took = new ArrayList<>();
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RateLimiter limiter = i % 2 == 0 ? first : second;
                calls.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    try {
                        limiter.acquire("busy", 5, Duration.ofSeconds(1));
                        allowed.incrementAndGet();
                    } catch (RescheduleException e) {
                        assertThat(e.delay()).isPositive();
                    } finally {
                        synchronized (took) {
                            took.add(Duration.ofNanos(System.nanoTime() - start));
                        }
                    }
                }));
            }
            for (Future<?> call : calls) call.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(took).as("no caller waits in place past the maximum wait, however many contend")
                .allSatisfy(d -> assertThat(d).isLessThan(maxWait.plusMillis(400)));
        assertThat(allowed.get()).as("the permits of the next second, one each").isBetween(4, 6);
    }
}
