package dev.cairn.breaker.internal;

import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.breaker.Transition;
import dev.cairn.config.BreakerSettings;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/** The breakers of one worker, kept in step with Redis by notifications and a periodic refresh. */
public final class SharedBreakers implements CircuitBreakerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SharedBreakers.class);

    private final Map<String, SharedBreaker> breakers = new LinkedHashMap<>();
    private final List<BiConsumer<String, Transition>> listeners = new CopyOnWriteArrayList<>();
    private final BreakerEvents events;
    /** Tries of each breaker's refresh when the notifications' subscription comes back. */
    static final int RECONNECT_REFRESH_ATTEMPTS = 5;

    private final Duration refreshInterval;
    private final BreakerMetrics metrics;
    private final Clock clock;
    private final MeterRegistry meters;
    private PeriodicTasks ownTasks;
    private AutoCloseable refresh;

    public SharedBreakers(List<String> names, UnifiedJedis redis, Supplier<Jedis> subscriptions, RedisKeys keys,
                          BreakerSettings settings, Clock clock, MeterRegistry meters, Duration refreshInterval) {
        this.metrics = new BreakerMetrics(meters);
        this.meters = meters;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        BreakerScript script = new BreakerScript(redis, keys, settings);
        for (String name : names) {
            metrics.register(name);
            breakers.put(name, new SharedBreaker(name, script, clock, metrics, this::transitioned));
        }
        this.events = new BreakerEvents(subscriptions, keys.breakerEvents(), this::observe, this::refreshAfterReconnect);
    }

    @Override
    public CircuitBreakerRegistry start() {
        ownTasks = PeriodicTasks.start(meters, clock);
        return start(ownTasks);
    }

    @Override
    public CircuitBreakerRegistry start(PeriodicTasks tasks) {
        events.start();
        refresh = tasks.schedule(PeriodicTask.every(refreshInterval, "breaker-refresh", "re-read the shared circuit breakers",
                this::refreshAll).firstRunAfter(refreshInterval));
        return this;
    }

    @Override
    public Optional<CircuitBreaker> find(String name) {
        return Optional.ofNullable(breakers.get(name));
    }

    @Override
    public CircuitBreaker breaker(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException("no circuit breaker named '" + name + "'"));
    }

    @Override
    public Collection<? extends CircuitBreaker> all() {
        return breakers.values();
    }

    private void observe(BreakerSnapshot snapshot, Instant redisNow) {
        SharedBreaker breaker = breakers.get(snapshot.name());
        if (breaker != null) breaker.observe(snapshot, redisNow);
    }

    /** Feeds a snapshot as if it came from a notification sent just now (tests of out-of-order updates). */
    public void observeForTest(BreakerSnapshot snapshot) {
        observe(snapshot, clock.instant());
    }

    private void transitioned(String name, Transition transition) {
        metrics.transition(name, transition);
        LOG.info("Circuit breaker {}: {} -> {} ({})", name, transition.from(), transition.to(), transition);
        for (BiConsumer<String, Transition> listener : listeners) {
            try {
                listener.accept(name, transition);
            } catch (RuntimeException e) {
                // why: a listener's failure must not turn the call that made the transition into a failure
                LOG.warn("A listener of circuit breaker {} failed on {}: {}", name, transition, e.toString());
            }
        }
    }

    @Override
    public AutoCloseable onTransition(BiConsumer<String, Transition> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The periodic refresh: every breaker is tried; a failure is reported to the scheduler once all were. */
    private void refreshAll() {
        RuntimeException failure = refreshAll(1);
        if (failure != null) throw failure;
    }

    /**
     * The subscription is back: notifications sent while it was down are lost, so every breaker is read
     * again. Tried a few times: after a Redis restart the pool's idle connections are dead, and each
     * failed call discards one, so a single try could meet one of them and leave this worker blind until
     * the periodic refresh.
     */
    private void refreshAfterReconnect() {
        refreshAll(RECONNECT_REFRESH_ATTEMPTS);
    }

    /** @return the last failure, {@code null} when every breaker was read */
    private RuntimeException refreshAll(int attempts) {
        RuntimeException last = null;
        for (SharedBreaker breaker : breakers.values()) {
            for (int attempt = 1; ; attempt++) {
                try {
                    breaker.refresh();
                    break;
                } catch (RuntimeException e) {
                    if (attempt >= attempts) {
                        LOG.debug("Could not refresh circuit breaker {}: {}", breaker.name(), e.getMessage());
                        last = e;
                        break;
                    }
                }
            }
        }
        return last;
    }

    @Override
    public void close() {
        events.close();
        try {
            if (refresh != null) refresh.close();
        } catch (Exception e) {
            LOG.debug("Could not stop the breaker refresh: {}", e.getMessage());
        }
        if (ownTasks != null) ownTasks.close();
    }
}
