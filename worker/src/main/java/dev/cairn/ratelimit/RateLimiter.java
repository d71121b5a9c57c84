package dev.cairn.ratelimit;

import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;

/**
 * Rate limits shared by every worker (token buckets in Redis, Bucket4j), one per key (a provider).
 * A call over the limit waits briefly; when the wait would be long, the job is rescheduled instead —
 * it never fails because of a rate limit.
 */
public interface RateLimiter {

    /** The longest a call waits in place for a permit before its job is rescheduled instead. */
    Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);

    /**
     * Takes one permit for {@code key}, waiting up to the maximum wait for it.
     *
     * @param key     the provider
     * @param permits how many calls the limit allows per period
     * @param period  the period
     * @throws dev.cairn.api.RescheduleException when the permit is further away than the maximum wait
     * @throws dev.cairn.redis.RedisUnavailableException when Redis cannot be reached
     */
    void acquire(String key, long permits, Duration period);

    /**
     * Registers {@code cairn_rate_limit_total} for {@code key} at zero for every outcome, so alerts and
     * panels see the first permit refused ({@code rate()} misses a counter that is first seen at 1).
     *
     * @param key a key this limiter will be asked about (a provider with a configured rate limit)
     */
    default void register(String key) {
    }

    /**
     * @param redis   the shared Redis
     * @param keys    key names ({@code cairn:rl:{key}})
     * @param maxWait the longest wait in place
     * @param meters  where {@code cairn_rate_limit_total} goes
     * @return a limiter on Redis
     */
    static RateLimiter redis(UnifiedJedis redis, RedisKeys keys, Duration maxWait, MeterRegistry meters) {
        return new dev.cairn.ratelimit.internal.RedisRateLimiter(redis, keys, maxWait, meters);
    }
}
