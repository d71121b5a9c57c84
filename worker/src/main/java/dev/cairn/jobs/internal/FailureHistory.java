package dev.cairn.jobs.internal;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ScheduledState;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads a job's JobRunr state history the way Cairn counts failures: a FAILED state followed by a
 * "Waiting:" reschedule (Redis down, breaker open, shutdown) is a wait, not a failure; one followed by a
 * "Crash recovery" reschedule (its worker died) is not a failure either, but is counted; a FAILED state
 * followed directly by ENQUEUED is an operator's retry (DLQ retry, dashboard requeue), which starts a
 * fresh retry budget.
 */
final class FailureHistory {

    private final List<JobState> states;

    FailureHistory(Job job) {
        this.states = job.getJobStates();
    }

    /** @return retries scheduled since the job was last re-enqueued by an operator */
    int retriesSinceRequeue() {
        return rescheduledSinceRequeue(RetryPolicy.RETRY_REASON_PREFIX);
    }

    /** @return crash recoveries since the job was last re-enqueued by an operator */
    int crashRecoveriesSinceRequeue() {
        return rescheduledSinceRequeue(RetryPolicy.CRASH_REASON_PREFIX);
    }

    /**
     * @return the time the job has been told to wait for an unreachable Redis since it was last re-enqueued by
     * an operator: the sum of those waits' delays (each from the reschedule to the time it was scheduled for)
     */
    Duration redisWaitSinceRequeue() {
        Duration total = Duration.ZERO;
        for (int i = 0; i < states.size(); i++) {
            JobState state = states.get(i);
            if (state instanceof EnqueuedState && i > 0 && states.get(i - 1) instanceof FailedState) {
                total = Duration.ZERO;
            } else if (hasReason(state, RetryPolicy.REDIS_WAIT_REASON_PREFIX)) {
                ScheduledState scheduled = (ScheduledState) state;
                Duration wait = Duration.between(scheduled.getCreatedAt(), scheduled.getScheduledAt());
                if (!wait.isNegative()) total = total.plus(wait);
            }
        }
        return total;
    }

    private int rescheduledSinceRequeue(String reasonPrefix) {
        int count = 0;
        for (int i = 0; i < states.size(); i++) {
            JobState state = states.get(i);
            if (state instanceof EnqueuedState && i > 0 && states.get(i - 1) instanceof FailedState) {
                count = 0;
            } else if (hasReason(state, reasonPrefix)) {
                count++;
            }
        }
        return count;
    }

    /** @return how many attempts ended in a real failure, over the job's whole life */
    int failures() {
        int count = 0;
        for (int i = 0; i < states.size(); i++) {
            if (isFailure(i)) count++;
        }
        return count;
    }

    /** @return the first real failure */
    Optional<FailedState> firstFailure() {
        for (int i = 0; i < states.size(); i++) {
            if (isFailure(i)) return Optional.of((FailedState) states.get(i));
        }
        return Optional.empty();
    }

    /** @return the last state, when it is a failure */
    Optional<FailedState> lastFailure() {
        return states.isEmpty() || !(states.get(states.size() - 1) instanceof FailedState failed) ? Optional.empty() : Optional.of(failed);
    }

    private boolean isFailure(int i) {
        if (!(states.get(i) instanceof FailedState)) return false;
        return i + 1 >= states.size() || !isWait(states.get(i + 1));
    }

    /** A reschedule that is not the job's fault: a wait, or a recovery after its worker died. */
    private static boolean isWait(JobState state) {
        return hasReason(state, RetryPolicy.WAIT_REASON_PREFIX) || hasReason(state, RetryPolicy.CRASH_REASON_PREFIX);
    }

    private static boolean hasReason(JobState state, String prefix) {
        return state instanceof ScheduledState scheduled && scheduled.getReason() != null && scheduled.getReason().startsWith(prefix);
    }
}
