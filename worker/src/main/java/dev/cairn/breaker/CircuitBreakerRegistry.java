package dev.cairn.breaker;

import dev.cairn.breaker.internal.SharedBreakers;
import dev.cairn.config.BreakerSettings;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.tasks.PeriodicTasks;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** A worker's circuit breakers, one per provider, their state shared through Redis. */
public interface CircuitBreakerRegistry extends AutoCloseable {

    /** How often each worker re-reads every breaker, in case a notification was lost. */
    Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);

    /**
     * @param providers the providers, one breaker each
     * @param redis     the shared Redis
     * @param redisUrl  the same Redis, for the connection that listens to transitions (never pooled)
     * @param keys      key names
     * @param settings  thresholds and timeouts ({@code CAIRN_CIRCUIT_BREAKER_*})
     * @param clock     time source
     * @param meters    where the breaker metrics go
     * @return the registry; call {@link #start()} to follow transitions made by other workers
     */
    static CircuitBreakerRegistry shared(List<String> providers, UnifiedJedis redis, URI redisUrl, RedisKeys keys,
                                         BreakerSettings settings, Clock clock, MeterRegistry meters) {
        return new SharedBreakers(providers, redis, () -> RedisConnections.dedicated(redisUrl), keys, settings, clock, meters,
                DEFAULT_REFRESH_INTERVAL);
    }

    /**
     * Starts following transitions made by other workers (notifications plus a periodic refresh, the task
     * {@code breaker-refresh}), on a scheduler of the registry's own: for embedding and tests; a worker passes
     * its scheduler to {@link #start(PeriodicTasks)}.
     *
     * @return this registry
     */
    CircuitBreakerRegistry start();

    /**
     * Starts following transitions made by other workers; the periodic refresh runs as the task
     * {@code breaker-refresh} of the given scheduler.
     *
     * @param tasks the worker's scheduler
     * @return this registry
     */
    CircuitBreakerRegistry start(PeriodicTasks tasks);

    /** @return the breaker of a provider, empty when there is no such provider */
    Optional<CircuitBreaker> find(String name);

    /**
     * @return the breaker of a provider
     * @throws java.util.NoSuchElementException when there is no such provider
     */
    CircuitBreaker breaker(String name);

    /**
     * Calls the listener, on the calling thread, for every transition a call of this worker made (the script's
     * reply named it). Each transition is heard this way by exactly one worker, the one that made it; those
     * learnt from other workers' notifications are not.
     *
     * @param listener gets the breaker's name and the transition; must not block
     * @return removes the listener
     */
    AutoCloseable onTransition(BiConsumer<String, Transition> listener);

    /** @return every breaker, in failover order */
    Collection<? extends CircuitBreaker> all();

    /** Stops following other workers' transitions. */
    @Override
    void close();
}
