package dev.cairn.ratelimit.internal;

import dev.cairn.config.ApiLimitSettings;
import dev.cairn.config.ProviderSettings.RateLimit;
import dev.cairn.metrics.MetricNames;
import dev.cairn.ratelimit.ProducerLimits;
import dev.cairn.redis.RedisKeys;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@link ProducerLimits} on Bucket4j token buckets: in Redis through the compare-and-swap proxy (one round trip
 * per request in the common case), else, while Redis fails, in {@link LocalBuckets} of this worker. Every
 * request tries Redis first, so the shared buckets are back as soon as Redis answers; the worker's Redis
 * circuit breaker makes the tries fail fast during an outage.
 */
public final class BucketProducerLimits implements ProducerLimits {

    private static final Logger log = LoggerFactory.getLogger(BucketProducerLimits.class);

    private final ApiLimitSettings settings;
    private final ProxyManager<byte[]> shared;
    private final RedisKeys keys;
    private final LocalBuckets local = new LocalBuckets(LocalBuckets.DEFAULT_CAPACITY);
    private final AtomicBoolean usingLocal = new AtomicBoolean();

    /**
     * @param settings tiers and limits
     * @param redis    the shared Redis; {@code null} for local buckets only
     * @param keys     names the shared buckets
     * @param meters   where {@code cairn_api_rate_limit_local} goes; {@code null} for none
     */
    public BucketProducerLimits(ApiLimitSettings settings, UnifiedJedis redis, RedisKeys keys, MeterRegistry meters) {
        this.settings = settings;
        this.keys = keys;
        this.shared = redis == null ? null : Bucket4jJedis.casBasedBuilder(redis)
                // why: an idle bucket refills completely anyway, so Redis may forget it
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        if (meters != null) {
            Gauge.builder(MetricNames.API_RATE_LIMIT_LOCAL, usingLocal, b -> b.get() ? 1 : 0)
                    .description("1 while this worker counts producers' rate limits in its own buckets (Redis unreachable)")
                    .register(meters);
        }
    }

    @Override
    public Verdict takeRequest(Producer producer) {
        Optional<RateLimit> limit = settings.of(producer.tier()).requests();
        if (limit.isEmpty()) return Verdict.UNLIMITED;
        ConsumptionProbe probe = inBucket(keys == null ? null : keys.producerRequests(producer.id()), "req:" + producer.id(),
                limit.get(), bucket -> bucket.tryConsumeAndReturnRemaining(1));
        return new Verdict(probe.isConsumed(), OptionalLong.of(limit.get().permits()), probe.getRemainingTokens(),
                Duration.ofNanos(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    @Override
    public JobGrant takeJobs(Producer producer, long jobs) {
        if (jobs < 1) throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
        Optional<RateLimit> budget = settings.of(producer.tier()).jobs();
        if (budget.isEmpty()) return new JobGrant(jobs, Duration.ZERO, budget);
        String sharedKey = keys == null ? null : keys.producerJobs(producer.id());
        long granted = inBucket(sharedKey, "jobs:" + producer.id(), budget.get(), bucket -> bucket.tryConsumeAsMuchAsPossible(jobs));
        if (granted == jobs) return new JobGrant(granted, Duration.ZERO, budget);
        long nanos = inBucket(sharedKey, "jobs:" + producer.id(), budget.get(),
                bucket -> bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
        return new JobGrant(granted, Duration.ofNanos(nanos), budget);
    }

    @Override
    public boolean usingLocalBuckets() {
        return usingLocal.get();
    }

    @Override
    public ApiLimitSettings settings() {
        return settings;
    }

    private <T> T inBucket(String sharedKey, String localKey, RateLimit limit, Function<Bucket, T> action) {
        BucketConfiguration configuration = configuration(limit);
        if (shared != null) {
            try {
                Bucket bucket = shared.builder()
                        // why: a changed CAIRN_RATE_LIMIT_<TIER> applies to buckets Redis already holds, keeping their share of tokens
                        .withImplicitConfigurationReplacement(version(limit), TokensInheritanceStrategy.PROPORTIONALLY)
                        .build(sharedKey.getBytes(StandardCharsets.UTF_8), () -> configuration);
                T result = action.apply(bucket);
                if (usingLocal.compareAndSet(true, false)) {
                    log.info("Redis answers again: producers' rate limits are shared by every worker again");
                }
                return result;
            } catch (JedisException e) {
                if (usingLocal.compareAndSet(false, true)) {
                    log.warn("Redis is unreachable ({}): producers' rate limits are counted on this worker alone until it answers, "
                            + "so each worker allows a tier's full limit", e.getMessage());
                }
            }
        }
        return action.apply(local.bucket(localKey + "@" + version(limit), configuration));
    }

    private static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(l -> l.capacity(limit.permits()).refillGreedy(limit.permits(), limit.period()))
                .build();
    }

    /** A positive number that changes when the limit does. */
    private static long version(RateLimit limit) {
        return (31L * limit.permits() + limit.period().toMillis()) & Long.MAX_VALUE;
    }
}
