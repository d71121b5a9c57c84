package dev.cairn.tasks;

import dev.cairn.tasks.internal.ScheduledTasks;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/**
 * The worker's one scheduler for periodic background work (lease renewal, crash reclaim, job-server
 * revival, DLQ reconcile, dependency probes, breaker refresh). Each task is named; the scheduler counts
 * its runs and failures ({@code cairn_task_runs_total{task,outcome}}), keeps the time its last run ended
 * ({@code cairn_task_last_run_timestamp_seconds{task}}), and logs a failing task once per outage (a WARN
 * when it starts failing, an INFO when it works again) so no task needs a flag of its own.
 *
 * <p>A run that hangs (a database that does not answer) holds only its own thread: other tasks keep their
 * rhythm. Runs of one task never overlap.
 */
public interface PeriodicTasks extends AutoCloseable {

    /**
     * @param meters where the task metrics go
     * @param clock  the time of a task's last run
     * @return a running scheduler with no tasks yet
     */
    static PeriodicTasks start(MeterRegistry meters, Clock clock) {
        return new ScheduledTasks(meters, clock);
    }

    /**
     * Starts running a task.
     *
     * @param task the task
     * @return stops the task: no run starts after it returns, and a run in progress is interrupted and
     *         waited for (briefly), so a task that releases something on close can do so after its last run
     */
    AutoCloseable schedule(PeriodicTask task);

    /** Stops every task. */
    @Override
    void close();
}
