package dev.cairn.ratelimit;

import dev.cairn.config.ApiLimitSettings;
import dev.cairn.config.ApiTier;
import dev.cairn.config.ProviderSettings.RateLimit;
import dev.cairn.redis.RedisCircuitBreaker;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.tasks.PeriodicTasks;
import dev.cairn.testing.OwnRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #16 part 1: producers' buckets live in Redis, shared by every worker; while Redis is down each worker counts
 * in buckets of its own and says so; once Redis answers, the shared buckets are back. On a Redis the test owns,
 * stopped and started again.
 */
class ProducerLimitsFallbackTest {

    private static final ProducerLimits.Producer ANONYMOUS = new ProducerLimits.Producer(ApiTier.ANONYMOUS, "a-test");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OwnRedis redis = OwnRedis.start();
    private final RedisCircuitBreaker breaker = RedisCircuitBreaker.create(2, Clock.systemUTC(), meters);
    private final UnifiedJedis client = RedisConnections.open(redis.url(), breaker);
    private final PeriodicTasks tasks = PeriodicTasks.start(meters, Clock.systemUTC());
    private final AutoCloseable probing = breaker.startProbing(tasks, Duration.ofMillis(100), client::ping);
    private final ApiLimitSettings settings = new ApiLimitSettings(Optional.empty(), Map.of(ApiTier.ANONYMOUS,
            new ApiLimitSettings.TierLimits(Optional.of(new RateLimit(3, Duration.ofHours(1))), Optional.of(new RateLimit(10, Duration.ofHours(1))))));
    private final ProducerLimits one = ProducerLimits.of(settings, client, RedisKeys.withPrefix("cairn:"), meters);
    private final ProducerLimits two = ProducerLimits.of(settings, client, RedisKeys.withPrefix("cairn:"), null);

    @AfterEach
    void close() throws Exception {
        probing.close();
        tasks.close();
        client.close();
        redis.close();
    }

    @Test
    void shouldCountLocallyWhileRedisIsDownAndShareAgainOnceItAnswers() {
        assertThat(allowed(one, 2)).isEqualTo(2);
        assertThat(one.usingLocalBuckets()).isFalse();

        redis.stop();

        assertThat(allowed(one, 4)).as("a full local bucket: the worker keeps serving, limited").isEqualTo(3);
        assertThat(allowed(two, 4)).as("each worker counts on its own while Redis is down").isEqualTo(3);
        assertThat(one.usingLocalBuckets()).isTrue();
        assertThat(meters.get("cairn.api.rate.limit.local").gauge().value()).isEqualTo(1);
        assertThat(one.takeJobs(ANONYMOUS, 15).granted()).as("job budgets fall back too").isEqualTo(10);

        redis.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> breaker.snapshot().state() == RedisCircuitBreaker.State.CLOSED);

        assertThat(allowed(one, 2)).as("the shared bucket, as Redis kept it: 2 taken before the outage, 1 left").isEqualTo(1);
        assertThat(one.usingLocalBuckets()).isFalse();
        assertThat(meters.get("cairn.api.rate.limit.local").gauge().value()).isZero();
        assertThat(allowed(two, 1)).isZero();
    }

    private static long allowed(ProducerLimits limits, int requests) {
        return IntStream.range(0, requests).filter(i -> limits.takeRequest(ANONYMOUS).allowed()).count();
    }
}
