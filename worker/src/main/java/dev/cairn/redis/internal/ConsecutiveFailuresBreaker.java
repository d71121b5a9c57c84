package dev.cairn.redis.internal;

import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.RedisCircuitBreaker;
import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.executors.CommandExecutor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@link RedisCircuitBreaker} counting connection failures in a row. The two transitions are the methods
 * {@link #open} and {@link #close}, each a compare-and-set on the state, so a transition happens once
 * however many threads see the failure or the answer that causes it.
 */
public final class ConsecutiveFailuresBreaker implements RedisCircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(ConsecutiveFailuresBreaker.class);

    private final int threshold;
    private final Clock clock;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicReference<State> state = new AtomicReference<>(State.CLOSED);
    private final ThreadLocal<Boolean> probing = ThreadLocal.withInitial(() -> false);
    private final Counter successes;
    private final Counter failures;
    private final Counter rejections;
    private volatile Instant lastFailureAt;

    public ConsecutiveFailuresBreaker(int threshold, Clock clock, MeterRegistry meters) {
        if (threshold < 1) throw new IllegalArgumentException("failure threshold must be at least 1, got " + threshold);
        this.threshold = threshold;
        this.clock = clock;
        this.successes = calls(meters, "success");
        this.failures = calls(meters, "failure");
        this.rejections = calls(meters, "rejected");
        for (State s : State.values()) {
            Gauge.builder(MetricNames.REDIS_BREAKER_STATE, state, current -> current.get() == s ? 1 : 0)
                    .description("1 for the state of the breaker around this worker's Redis client, 0 for the other")
                    .tag("state", s.name().toLowerCase(Locale.ROOT)).register(meters);
        }
    }

    private static Counter calls(MeterRegistry meters, String outcome) {
        return Counter.builder(MetricNames.REDIS_BREAKER_CALLS).description("Redis commands through the worker's Redis breaker, by outcome")
                .tag("outcome", outcome).register(meters);
    }

    @Override
    public CommandExecutor wrap(CommandExecutor delegate) {
        return new CommandExecutor() {
            @Override
            public <T> T executeCommand(CommandObject<T> command) {
                return call(() -> delegate.executeCommand(command));
            }

            @Override
            public void close() throws Exception {
                delegate.close();
            }
        };
    }

    @Override
    public <T> T call(Supplier<T> command) {
        if (state.get() == State.OPEN && !probing.get()) {
            rejections.increment();
            throw new JedisConnectionException("Redis is unreachable: the worker's Redis circuit breaker is open after " + threshold
                    + " connection failures in a row (the last at " + lastFailureAt + "); it closes when a background PING answers");
        }
        try {
            T result = command.get();
            answered();
            return result;
        } catch (JedisConnectionException | JedisClusterOperationException e) {
            failed();
            throw e;
        } catch (RuntimeException e) {
            // why: an error reply (NOPERM, WRONGTYPE, a script error) is Redis answering
            answered();
            throw e;
        }
    }

    private void answered() {
        successes.increment();
        failuresInARow.set(0);
        if (state.get() == State.OPEN) close();
    }

    private void failed() {
        failures.increment();
        lastFailureAt = clock.instant();
        if (failuresInARow.incrementAndGet() >= threshold) open();
    }

    /** CLOSED → OPEN: enough connection failures in a row. */
    private void open() {
        if (state.compareAndSet(State.CLOSED, State.OPEN)) {
            LOG.warn("Redis circuit breaker OPEN after {} connection failures in a row: Redis commands fail at once (jobs wait) until a "
                    + "background PING answers", threshold);
        }
    }

    /** OPEN → CLOSED: Redis answered (the probe, or a call that was already under way). */
    private void close() {
        if (state.compareAndSet(State.OPEN, State.CLOSED)) {
            LOG.info("Redis circuit breaker CLOSED: Redis answers again");
        }
    }

    @Override
    public AutoCloseable startProbing(PeriodicTasks tasks, Duration every, Runnable ping) {
        return tasks.schedule(PeriodicTask.every(every, "redis-breaker-probe", "ping Redis while its circuit breaker is open", () -> {
            if (state.get() != State.OPEN) return;
            probing.set(true);
            try {
                ping.run();
            } finally {
                probing.set(false);
            }
        }));
    }

    @Override
    public Snapshot snapshot() {
        long ok = (long) successes.count();
        long failed = (long) failures.count();
        long rejected = (long) rejections.count();
        return new Snapshot(state.get(), ok + failed + rejected, ok, failed, rejected, lastFailureAt);
    }
}
