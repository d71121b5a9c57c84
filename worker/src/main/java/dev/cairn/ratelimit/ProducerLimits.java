package dev.cairn.ratelimit;

import dev.cairn.config.ApiLimitSettings;
import dev.cairn.config.ApiTier;
import dev.cairn.config.ProviderSettings.RateLimit;
import dev.cairn.ratelimit.internal.BucketProducerLimits;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Producers' rate limits (docs/design.md "Producer rate limits"): per caller, a bucket of {@code /api/**} requests
 * and a bucket of enqueued jobs, sized by the caller's {@link ApiTier}. The buckets live in Redis, shared by every
 * worker (Bucket4j); while Redis cannot be reached each worker counts in buckets of its own, and says so
 * ({@link #usingLocalBuckets()}), until Redis answers again.
 */
public interface ProducerLimits {

    /**
     * A caller, as the limits see it.
     *
     * @param tier its tier
     * @param id   names its buckets: a prefix of its key's digest, or of its address's digest; never a key or an address
     */
    record Producer(ApiTier tier, String id) {
        public Producer {
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The answer for one request.
     *
     * @param allowed    whether it may go on
     * @param limit      requests per period of the caller's tier; empty when the tier is unlimited (no headers then)
     * @param remaining  requests left in the bucket after this one
     * @param reset      until the bucket is full again
     * @param retryAfter until the next request would be allowed (zero when allowed)
     */
    record Verdict(boolean allowed, OptionalLong limit, long remaining, Duration reset, Duration retryAfter) {
        /** The answer of an unlimited tier. */
        public static final Verdict UNLIMITED = new Verdict(true, OptionalLong.empty(), Long.MAX_VALUE, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Jobs a caller may enqueue now.
     *
     * @param granted    how many of those asked for were granted (taken from the budget)
     * @param retryAfter when not all were granted, until the next one would be
     * @param budget     the tier's job budget; empty when unlimited
     */
    record JobGrant(long granted, Duration retryAfter, Optional<RateLimit> budget) {
    }

    /**
     * Takes one request from the caller's request bucket.
     *
     * @param producer the caller
     * @return whether the request may go on, and the figures for the {@code X-RateLimit-*} headers
     */
    Verdict takeRequest(Producer producer);

    /**
     * Takes up to {@code jobs} from the caller's job budget.
     *
     * @param producer the caller
     * @param jobs     jobs about to be enqueued, at least 1
     * @return how many may be
     */
    JobGrant takeJobs(Producer producer, long jobs);

    /** @return whether this worker counts in buckets of its own right now, because Redis was unreachable on the last try */
    boolean usingLocalBuckets();

    /** @return the tiers and their limits */
    ApiLimitSettings settings();

    /** @return limits that allow everything, for embedded uses and tests that do not exercise them */
    static ProducerLimits unlimited() {
        return of(ApiLimitSettings.UNLIMITED_FOR_ALL, null, null, null);
    }

    /**
     * @param settings tiers and limits
     * @param redis    the shared Redis; {@code null} for local buckets only
     * @param keys     names the buckets; {@code null} with {@code redis}
     * @param meters   where {@code cairn_api_rate_limit_local} goes; {@code null} for none
     * @return the limits
     */
    static ProducerLimits of(ApiLimitSettings settings, UnifiedJedis redis, RedisKeys keys, MeterRegistry meters) {
        return new BucketProducerLimits(settings, redis, keys, meters);
    }
}
