package dev.cairn.runtime.internal;

import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code cairn_redis_up} and {@code cairn_job_storage_up}: 1/0 gauges for the alerts on a degraded worker;
 * and the count behind {@code cairn_dlq_entries}.
 * The probes (PING, {@code SELECT 1}) run on background threads every {@link #REFRESH_EVERY}, never in a
 * scrape, so a server that hangs cannot make {@code /metrics} hang; a probe that has not succeeded for
 * {@link #STALE_AFTER} (it failed, or it is still stuck) reads as 0.
 */
public final class DependencyGauges implements AutoCloseable {

    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    static final Duration STALE_AFTER = REFRESH_EVERY.multipliedBy(3);

    private static final Logger LOG = LoggerFactory.getLogger(DependencyGauges.class);
    private static final long NEVER = Long.MIN_VALUE;

    /** A cheap call that throws when the dependency does not answer. */
    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }

    // why: one thread per probe, so a hung database does not hold back the Redis gauges
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(3,
            Thread.ofPlatform().daemon().name("cairn-dependency-probe-", 0).factory());
    private final MeterRegistry meters;
    private final Duration refreshEvery;
    private final Duration staleAfter;

    DependencyGauges(MeterRegistry meters, Duration refreshEvery, Duration staleAfter) {
        this.meters = meters;
        this.refreshEvery = refreshEvery;
        this.staleAfter = staleAfter;
    }

    /**
     * Registers both gauges and starts probing; also counts the dead-letter queue, whose
     * {@code cairn_dlq_entries} shows the last count.
     *
     * @param deadLetters the queue; null when it is disabled
     * @return stops the probes
     */
    public static DependencyGauges start(JobStorage storage, UnifiedJedis redis, DeadLetterQueue deadLetters, MeterRegistry meters) {
        DependencyGauges gauges = new DependencyGauges(meters, REFRESH_EVERY, STALE_AFTER);
        gauges.watch(MetricNames.REDIS_UP, "1 when this worker's last PING to Redis answered", redis::ping);
        gauges.watch(MetricNames.JOB_STORAGE_UP, "1 when this worker's last query on the job storage answered", storage::ping);
        if (deadLetters != null) gauges.refresh(MetricNames.DLQ_ENTRIES, deadLetters::size);
        return gauges;
    }

    /** Runs a probe that updates a gauge of its own (which reads what the probe last found) every refresh. */
    void refresh(String name, Probe probe) {
        probes.scheduleWithFixedDelay(() -> {
            try {
                probe.run();
            } catch (Exception e) {
                LOG.debug("{} probe failed: {}", name, e.getMessage());
            }
        }, 0, refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    void watch(String name, String description, Probe probe) {
        AtomicLong lastSuccessNanos = new AtomicLong(NEVER);
        Gauge.builder(name, lastSuccessNanos, last -> isFresh(last.get()) ? 1 : 0).description(description)
                .strongReference(true).register(meters);
        probes.scheduleWithFixedDelay(() -> {
            try {
                probe.run();
                lastSuccessNanos.set(System.nanoTime());
            } catch (Exception e) {
                lastSuccessNanos.set(NEVER);
                LOG.debug("{} probe failed: {}", name, e.getMessage());
            }
        }, 0, refreshEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean isFresh(long lastSuccessNanos) {
        return lastSuccessNanos != NEVER && System.nanoTime() - lastSuccessNanos < staleAfter.toNanos();
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
