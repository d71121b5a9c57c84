package dev.cairn.redis;

import dev.cairn.redis.internal.ConsecutiveFailuresBreaker;
import dev.cairn.tasks.PeriodicTasks;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.executors.CommandExecutor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A circuit breaker around the worker's Redis client itself. During an outage every command would wait for
 * its connect or socket timeout (2 s each, on every job thread); after {@link #DEFAULT_FAILURE_THRESHOLD}
 * connection failures in a row the breaker opens and commands fail at once with a
 * {@link redis.clients.jedis.exceptions.JedisConnectionException}, so the callers' own "Redis is unreachable"
 * handling (jobs wait without spending a retry, health says degraded) applies without the wait. A background
 * probe (a PING that passes the open breaker) closes it as soon as Redis answers.
 *
 * <p>The states and their only transitions:
 * <pre>
 *   CLOSED --(N connection failures in a row)--> OPEN --(background probe answers)--> CLOSED
 * </pre>
 * Any answer from Redis counts as a success, an error reply included (Redis answered; NOPERM is not an
 * outage). Only commands of the pooled client pass through it; subscriptions have connections of their own.
 */
public interface RedisCircuitBreaker {

    /** Connection failures in a row that open the breaker. */
    int DEFAULT_FAILURE_THRESHOLD = 5;
    /** How often the background probe pings Redis while the breaker is open. */
    Duration DEFAULT_PROBE_EVERY = Duration.ofSeconds(1);

    /** The breaker's states. */
    enum State { CLOSED, OPEN }

    /**
     * What the breaker has seen since the worker started.
     *
     * @param state           the current state
     * @param totalCalls      commands that reached the breaker
     * @param successfulCalls commands Redis answered
     * @param failedCalls     commands that met a connection failure or timeout
     * @param rejectedCalls   commands refused at once while open
     * @param lastFailureAt   the last connection failure; {@code null} when none
     */
    record Snapshot(State state, long totalCalls, long successfulCalls, long failedCalls, long rejectedCalls, Instant lastFailureAt) {
    }

    /**
     * @param failureThreshold connection failures in a row that open it (at least 1)
     * @param clock            the time of the last failure
     * @param meters           where {@code cairn_redis_breaker_*} go
     * @return a closed breaker
     */
    static RedisCircuitBreaker create(int failureThreshold, Clock clock, MeterRegistry meters) {
        return new ConsecutiveFailuresBreaker(failureThreshold, clock, meters);
    }

    /**
     * @param delegate the client's own executor
     * @return an executor that runs commands through this breaker
     */
    CommandExecutor wrap(CommandExecutor delegate);

    /**
     * Runs a call through this breaker as {@link #wrap} runs each command: at once refused while open, and its
     * connection failure or answer counted. For what passes by the wrapped executor, such as a pipeline.
     *
     * @param call what talks to Redis
     * @param <T>  its result
     * @return its result
     */
    <T> T call(Supplier<T> call);

    /**
     * Starts the background probe: while the breaker is open, {@code ping} runs every {@code every} past the
     * breaker (task {@code redis-breaker-probe}), and its first answer closes the breaker.
     *
     * @param ping a PING through the client this breaker wraps
     * @return stops the probe
     */
    AutoCloseable startProbing(PeriodicTasks tasks, Duration every, Runnable ping);

    /** @return the state and the counts */
    Snapshot snapshot();
}
