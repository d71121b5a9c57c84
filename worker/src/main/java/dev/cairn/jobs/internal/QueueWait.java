package dev.cairn.jobs.internal;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How long a job waited for the attempt that is starting: from the moment it was ready to run to the start,
 * read from its JobRunr state history (docs/metrics.md, {@code cairn_job_queue_wait_seconds}).
 *
 * <p>Ready means its last {@link EnqueuedState}, with two corrections:
 * <ul>
 *   <li>a job that came from a {@link ScheduledState} (a retry's back-off, a wait, a scheduled job) was ready at
 *       its due time, {@link ScheduledState#getScheduledAt()}: JobRunr's scheduler enqueues it only at its next
 *       poll, and that delay is waiting in the queue too; when an operator enqueued it before it was due, it was
 *       ready when enqueued;</li>
 *   <li>an enqueued state dated back to keep the job's place in the queue ({@link QueuePosition}: crash
 *       recoveries, shutdown interrupts) does not say when the job was enqueued; it cannot have been ready
 *       before the state that preceded it.</li>
 * </ul>
 */
final class QueueWait {

    private QueueWait() {
    }

    /**
     * @param job       a job whose attempt is starting
     * @param startedAt when it starts
     * @return the wait, zero when the clocks disagree; empty when the job's history has no enqueued state
     */
    static Optional<Duration> of(Job job, Instant startedAt) {
        return readySince(job.getJobStates()).map(ready -> ready.isBefore(startedAt) ? Duration.between(ready, startedAt) : Duration.ZERO);
    }

    /**
     * @param states a job's state history, oldest first
     * @return when it became ready for its latest attempt, empty when it was never enqueued
     */
    static Optional<Instant> readySince(List<JobState> states) {
        for (int i = states.size() - 1; i >= 0; i--) {
            if (!(states.get(i) instanceof EnqueuedState enqueued)) continue;
            Instant ready = enqueued.getCreatedAt();
            JobState before = i > 0 ? states.get(i - 1) : null;
            if (before == null) return Optional.of(ready);
            // why: QueuePosition dates a re-enqueued state back to the job's creation
            if (before.getCreatedAt().isAfter(ready)) ready = before.getCreatedAt();
            if (before instanceof ScheduledState scheduled && scheduled.getScheduledAt() != null
                    && scheduled.getScheduledAt().isBefore(ready)) {
                ready = scheduled.getScheduledAt();
            }
            return Optional.of(ready);
        }
        return Optional.empty();
    }
}
