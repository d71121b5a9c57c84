package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.time.Duration;

/**
 * Worker liveness: each worker holds a lease in Redis that it renews every third of its TTL; a worker
 * whose lease expired is dead, and any live worker hands its jobs back to the queue.
 *
 * @param ttl {@code CAIRN_WORKER_LEASE_SECONDS}: how long a lease lives unless renewed. Shorter means a
 *            crashed worker's jobs resume sooner; a worker frozen longer than this (a stop-the-world pause,
 *            SIGSTOP) loses its jobs to others and is fenced off when it wakes up.
 */
public record LeaseSettings(Duration ttl) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(6);
    /** How often every worker looks for expired leases: cheap (one script, no scan), so often. */
    public static final Duration DEFAULT_REAP_EVERY = Duration.ofSeconds(1);

    public LeaseSettings {
        if (ttl.compareTo(Duration.ofSeconds(2)) < 0) throw new IllegalArgumentException("lease TTL below 2 s: " + ttl);
    }

    static LeaseSettings fromEnv(EnvReader env) {
        return new LeaseSettings(Duration.ofSeconds(env.integer("CAIRN_WORKER_LEASE_SECONDS", (int) DEFAULT_TTL.toSeconds(), 2, 300)));
    }

    /** @return how often the lease is renewed: three chances before it expires */
    public Duration renewEvery() {
        return ttl.dividedBy(3);
    }

    /** @return how often this worker looks for expired leases */
    public Duration reapEvery() {
        return DEFAULT_REAP_EVERY;
    }
}
