package dev.cairn.runtime.internal;

import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cairn_redis_up} and {@code cairn_job_storage_up}: 1/0 gauges for the alerts on a degraded worker;
 * and the count behind {@code cairn_dlq_entries}.
 * The probes (PING, {@code SELECT 1}) run as tasks of the worker's scheduler every {@link #REFRESH_EVERY}, never in a
 * scrape, so a server that hangs cannot make {@code /metrics} hang; a probe that has not succeeded for
 * {@link #STALE_AFTER} (it failed, or it is still stuck) reads as 0.
 */
public final class DependencyGauges implements AutoCloseable {

    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    static final Duration STALE_AFTER = REFRESH_EVERY.multipliedBy(3);

    private final PeriodicTasks tasks;
    private final MeterRegistry meters;
    private final Duration refreshEvery;
    private final Duration staleAfter;
    private final List<AutoCloseable> probes = new ArrayList<>();

    DependencyGauges(PeriodicTasks tasks, MeterRegistry meters, Duration refreshEvery, Duration staleAfter) {
        this.tasks = tasks;
        this.meters = meters;
        this.refreshEvery = refreshEvery;
        this.staleAfter = staleAfter;
    }

    /**
     * Registers both gauges and starts probing (tasks {@code redis-probe}, {@code job-storage-probe} of the
     * worker's scheduler, each run on its own thread, so a hung database does not hold back the Redis gauge);
     * also counts the dead-letter queue (task {@code dlq-size}), whose {@code cairn_dlq_entries} shows the last count.
     *
     * @param deadLetters the queue; null when it is disabled
     * @return stops the probes
     */
    public static DependencyGauges start(PeriodicTasks tasks, SharedProbe storage, SharedProbe redis, DeadLetterQueue deadLetters,
                                         MeterRegistry meters) {
        DependencyGauges gauges = new DependencyGauges(tasks, meters, REFRESH_EVERY, STALE_AFTER);
        gauges.watch("redis-probe", MetricNames.REDIS_UP, "1 when this worker's last probe of Redis (PING and a script) answered", redis);
        gauges.watch("job-storage-probe", MetricNames.JOB_STORAGE_UP, "1 when this worker's last query on the job storage answered", storage);
        if (deadLetters != null) gauges.refresh("dlq-size", "count the dead-letter queue's entries", deadLetters::size);
        return gauges;
    }

    /** Runs a probe that updates a gauge of its own (which reads what the probe last found) every refresh. */
    void refresh(String task, String purpose, PeriodicTask.Action probe) {
        probes.add(tasks.schedule(PeriodicTask.every(refreshEvery, task, purpose, probe)));
    }

    /** Refreshes a shared probe every refresh; its gauge reads the last result, never probing itself. */
    void watch(String task, String name, String description, SharedProbe probe) {
        Gauge.builder(name, probe, p -> isUpAndFresh(p.last()) ? 1 : 0).description(description)
                .strongReference(true).register(meters);
        probes.add(tasks.schedule(PeriodicTask.every(refreshEvery, task, "probe " + name, probe::refresh)));
    }

    private boolean isUpAndFresh(SharedProbe.Result last) {
        return last != null && last.up() && last.youngerThan(staleAfter);
    }

    @Override
    public void close() {
        for (AutoCloseable probe : probes) {
            try {
                probe.close();
            } catch (Exception e) {
                // why: closing a task does not fail; nothing to do while shutting down
            }
        }
    }
}
