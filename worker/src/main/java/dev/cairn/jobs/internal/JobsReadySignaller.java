package dev.cairn.jobs.internal;

import dev.cairn.fleet.WorkSignal;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ApplyStateFilter;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wakes idle workers when a job becomes ENQUEUED through a state change this worker saves (a crash
 * recovery, a job rescheduled by a shutdown, a retry or wait that JobRunr's scheduler enqueues), so
 * they take it now rather than at their next poll.
 *
 * <p>JobRunr's scheduler enqueues a scheduled job up to one poll interval <em>before</em> it is due; the
 * signal for such a job is sent when it is due, so a retry's back-off or a breaker's wait is not cut short
 * by Cairn. Signals due in the same {@value #COALESCE_MS} ms are sent once.
 */
public final class JobsReadySignaller implements ApplyStateFilter, AutoCloseable {

    static final long COALESCE_MS = 100;

    private final WorkSignal signal;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();

    public JobsReadySignaller(WorkSignal signal, Clock clock) {
        this.signal = signal;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cairn-ready-signal").factory());
    }

    @Override
    public void onStateApplied(Job job, JobState oldState, JobState newState) {
        // why: JobRunr calls this once per state change of a save; only the one that ends enqueued counts
        if (newState.getName() != StateName.ENQUEUED || newState != job.getJobState()) return;
        Instant due = oldState instanceof ScheduledState scheduled ? scheduled.getScheduledAt() : null;
        long wait = due == null ? 0 : Duration.between(clock.instant(), due).toMillis();
        if (wait <= 0) {
            signal.jobsReady();
            return;
        }
        long bucket = due.toEpochMilli() / COALESCE_MS;
        if (pending.add(bucket)) {
            timer.schedule(() -> {
                pending.remove(bucket);
                signal.jobsReady();
            }, wait, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
