package dev.cairn.ratelimit.internal;

import dev.cairn.api.RescheduleException;
import dev.cairn.metrics.MetricNames;
import dev.cairn.ratelimit.RateLimiter;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisUnavailableException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Token buckets in Redis through Bucket4j's compare-and-swap proxy: one round trip per permit in the common
 * case. A permit up to the maximum wait away is reserved at once and waited for; one further away
 * reschedules the job.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** The {@code outcome} values of {@code cairn_rate_limit_total}. */
    private static final List<String> OUTCOMES = List.of("allowed", "waited", "rescheduled");

    private final ProxyManager<byte[]> buckets;
    private final RedisKeys keys;
    private final Duration maxWait;
    private final MeterRegistry meters;

    public RedisRateLimiter(UnifiedJedis redis, RedisKeys keys, Duration maxWait, MeterRegistry meters) {
        this.buckets = Bucket4jJedis.casBasedBuilder(redis)
                // why: an idle bucket refills completely anyway, so Redis may forget it
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        this.keys = keys;
        this.maxWait = maxWait;
        this.meters = meters;
    }

    @Override
    public void acquire(String key, long permits, Duration period) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(permits).refillGreedy(permits, period))
                .build();
        byte[] bucketKey = keys.rateLimit(key).getBytes(StandardCharsets.UTF_8);
        Bucket bucket = buckets.builder().build(bucketKey, () -> configuration);
        ParkTimer parked = new ParkTimer();
        boolean reserved;
        try {
            // why: reserving the permit in the same atomic step that checks the wait bounds the wait by maxWait;
            // waiting and then trying again let contending callers take it first, round after round, without end
            // (Bucket4j wants a positive bound: a nanosecond stands for "no wait")
            reserved = bucket.asBlocking().tryConsume(1, Math.max(1, maxWait.toNanos()), parked);
        } catch (JedisException e) {
            throw new RedisUnavailableException("taking a rate-limit permit for '" + key + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RescheduleException("interrupted while waiting for the rate limit of '" + key + "'", Duration.ZERO, e);
        }
        if (reserved) {
            count(key, parked.parkedNanos > 0 ? "waited" : "allowed");
            return;
        }
        Duration wait = Duration.ofNanos(RedisUnavailableException.during("taking a rate-limit permit for '" + key + "'",
                () -> bucket.estimateAbilityToConsume(1)).getNanosToWaitForRefill());
        count(key, "rescheduled");
        throw new RescheduleException("the rate limit of provider '" + key + "' (" + permits + " per " + period
                + ") is used up for " + wait.toSeconds() + " s; the job waits", wait, null);
    }

    /** Parks like Bucket4j's default, remembering how long, so a permit that had to wait is counted as such. */
    private static final class ParkTimer implements BlockingStrategy {
        private long parkedNanos;

        @Override
        public void park(long nanos) throws InterruptedException {
            parkedNanos += nanos;
            BlockingStrategy.PARKING.park(nanos);
        }
    }

    @Override
    public void register(String key) {
        for (String outcome : OUTCOMES) meters.counter(MetricNames.RATE_LIMIT, MetricNames.TAG_KEY, key, MetricNames.TAG_OUTCOME, outcome);
    }

    private void count(String key, String outcome) {
        meters.counter(MetricNames.RATE_LIMIT, MetricNames.TAG_KEY, key, MetricNames.TAG_OUTCOME, outcome).increment();
    }
}
