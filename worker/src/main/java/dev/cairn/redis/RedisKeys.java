package dev.cairn.redis;

import java.util.Objects;

/**
 * Every Redis key Cairn uses is built here. One job's keys share the hash tag {@code {jobId}} and one
 * provider's keys the tag {@code {provider}}, so each script touches a single Redis Cluster slot. The two
 * pub/sub channels ({@link #breakerEvents()}, {@link #jobsReady()}) are not keys: classic PUBLISH reaches
 * subscribers on every node of a Cluster.
 */
public final class RedisKeys {

    /** The default prefix ({@code CAIRN_REDIS_KEY_PREFIX}), as docs/design.md "Redis keys" documents it. */
    public static final String DEFAULT_PREFIX = "cairn:";

    private final String prefix;

    private RedisKeys(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** @return keys with the documented {@code cairn:} prefix */
    public static RedisKeys standard() {
        return new RedisKeys(DEFAULT_PREFIX);
    }

    /**
     * @param prefix e.g. {@code cairn:} or {@code staging:cairn:}
     * @return keys with that prefix
     */
    public static RedisKeys withPrefix(String prefix) {
        return new RedisKeys(prefix);
    }

    /** @return the prefix every key starts with */
    public String prefix() {
        return prefix;
    }

    /** @return {@code cairn:ckpt:{jobId}}, the job's checkpoint hash */
    public String checkpoint(String jobId) {
        return prefix + "ckpt:{" + jobId + "}";
    }

    /** @return {@code cairn:cb:{provider}}, a provider's circuit-breaker state */
    public String breaker(String provider) {
        return prefix + "cb:{" + provider + "}";
    }

    /** @return {@code cairn:cb:{provider}:failures}, the breaker's failure times in its window (same slot as its state) */
    public String breakerFailures(String provider) {
        return breaker(provider) + ":failures";
    }

    /** @return {@code cairn:cb:events}, the channel on which every breaker transition is published */
    public String breakerEvents() {
        return prefix + "cb:events";
    }

    /**
     * The dead-letter queue's keys. They share the hash tag {@code {dlq}}, so every DLQ script touches
     * one Redis Cluster slot.
     *
     * @param part {@code entries} (hash job id → entry JSON), {@code index} (hash job id → type and
     *             signature), {@code by-time} (sorted set job id → last failure, ms), {@code types} and
     *             {@code signatures} (sorted sets of counts), {@code shipped} (sorted set job id → the
     *             last failure shipped, ms, so a failure is never shipped twice)
     * @return e.g. {@code cairn:dlq:{dlq}:entries}
     */
    public String dlq(String part) {
        return prefix + "dlq:{dlq}:" + part;
    }

    /**
     * The workers' liveness leases. They share the hash tag {@code {fleet}}, so the lease scripts touch
     * one Redis Cluster slot.
     *
     * @param part {@code leases} (sorted set server id → the lease's expiry, ms of Redis' clock) or
     *             {@code info} (hash server id → JSON naming the worker and the jobs it runs)
     * @return e.g. {@code cairn:worker:{fleet}:leases}
     */
    public String workers(String part) {
        return prefix + "worker:{fleet}:" + part;
    }

    /** @return {@code cairn:jobs:ready}, the channel on which "a job is ready to run" wakes idle workers */
    public String jobsReady() {
        return prefix + "jobs:ready";
    }

    /**
     * @param signalId the id a "jobs ready" message carries
     * @return {@code cairn:jobs:ready:claim:{signalId}}, set by the one worker that answers that signal (a
     * key of its own slot in a Redis Cluster; it expires within seconds)
     */
    public String jobsReadyClaim(String signalId) {
        return jobsReady() + ":claim:{" + signalId + "}";
    }

    /** @return {@code cairn:rl:{provider}}, a provider's rate-limit bucket */
    public String rateLimit(String provider) {
        return prefix + "rl:{" + provider + "}";
    }

    /**
     * @param client a producer's id (a digest prefix, never a key or an address)
     * @return {@code cairn:rl:api:{client}}, the bucket of a producer's {@code /api/**} requests
     */
    public String producerRequests(String client) {
        return prefix + "rl:api:{" + client + "}";
    }

    /**
     * @param client a producer's id
     * @return {@code cairn:rl:api-jobs:{client}}, the bucket of a producer's job budget
     */
    public String producerJobs(String client) {
        return prefix + "rl:api-jobs:{" + client + "}";
    }

    /** @return {@code cairn:probe}, the key the health probe's script names (never written) */
    public String probe() {
        return prefix + "probe";
    }
}
