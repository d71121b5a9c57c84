package dev.cairn.redis;

import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

import java.util.Map;
import java.util.Optional;

/**
 * Redis's {@code maxmemory-policy}, read once at start-up. Anything but {@code noeviction} lets Redis
 * delete keys when it is full: the {@code volatile-*} policies pick keys with a TTL first, which every
 * checkpoint has, and the {@code allkeys-*} policies any key. A deleted checkpoint makes its job start over
 * (its fencing stays safe, the work is lost), so Cairn wants {@code noeviction}: Redis then refuses writes
 * when full ({@code OOM}), which fails jobs visibly instead.
 *
 * @param policy the policy, empty when it could not be read (an ACL user without {@code CONFIG}, a managed
 *               Redis that hides it)
 * @param reason why it could not be read; {@code null} when it was
 */
public record EvictionPolicy(Optional<String> policy, String reason) {

    /** The only policy under which Redis never deletes a checkpoint to make room. */
    public static final String NOEVICTION = "noeviction";

    private static final Logger LOG = LoggerFactory.getLogger(EvictionPolicy.class);

    /**
     * Reads the policy with {@code CONFIG GET maxmemory-policy} and logs what it means: WARN when it can
     * evict checkpoints, INFO when it could not be read. Never throws.
     *
     * @param redis the client
     * @return the policy
     */
    public static EvictionPolicy read(UnifiedJedis redis) {
        EvictionPolicy read;
        try {
            Map<String, String> reply = redis.configGet("maxmemory-policy");
            String value = reply == null ? null : reply.get("maxmemory-policy");
            read = value == null ? new EvictionPolicy(Optional.empty(), "Redis did not answer CONFIG GET maxmemory-policy with a value")
                    : new EvictionPolicy(Optional.of(value), null);
        } catch (RuntimeException e) {
            read = new EvictionPolicy(Optional.empty(), "CONFIG GET maxmemory-policy was refused or failed (" + e.getMessage() + ")");
        }
        if (read.policy().isEmpty()) {
            LOG.info("Could not read Redis's maxmemory-policy: {}; make sure it is noeviction, or checkpoints may be evicted when Redis is full",
                    read.reason());
        } else if (read.canEvict()) {
            LOG.warn(read.warning());
        }
        return read;
    }

    /** @return whether Redis may delete checkpoints when full (any known policy but {@code noeviction}) */
    public boolean canEvict() {
        return policy.isPresent() && !NOEVICTION.equals(policy.get());
    }

    /**
     * Registers {@code cairn_redis_eviction_risk}: 1 when {@link #canEvict()}, else 0.
     *
     * @param meters where the gauge goes
     */
    public void register(MeterRegistry meters) {
        Gauge.builder(MetricNames.REDIS_EVICTION_RISK, () -> canEvict() ? 1 : 0)
                .description("1 when Redis's maxmemory-policy (read at start-up) can evict checkpoints, else 0 (noeviction, or not readable)")
                .strongReference(true).register(meters);
    }

    /** @return what the risk is, for logs and the health report; {@code null} when there is none */
    public String warning() {
        if (!canEvict()) return null;
        return "Redis's maxmemory-policy is " + policy.get() + ": when Redis is full it may evict checkpoints (they have a TTL), "
                + "and their jobs then start over; set maxmemory-policy noeviction";
    }
}
