package dev.cairn.jobs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.tasks.PeriodicTasks;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ApplyStateFilter;
import org.jobrunr.jobs.filters.ElectStateFilter;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.StateName;
import org.slf4j.MDC;

import java.time.Clock;

/**
 * Cairn's decisions at JobRunr's state changes, registered as one filter: it replaces JobRunr's
 * {@code RetryFilter} (JobRunr keeps only one state-election filter), and the order of its duties within
 * one state change matters, so each duty is a small class of its own and this filter only says when each
 * one acts:
 * <ul>
 *   <li>{@link FailureElection}: a failed attempt becomes a wait, a crash recovery, a retry or a final failure;</li>
 *   <li>{@link DeadLetterHandOff}: a failure elected as final reaches the DLQ once JobRunr has saved it;</li>
 *   <li>{@link SucceededCheckpoint}: a success keeps its final step table with the job, then its Redis
 *       checkpoint is deleted;</li>
 *   <li>a job enqueued again after a shutdown interrupted it keeps its original place in the queue
 *       ({@link QueuePosition}), as a crash recovery does;</li>
 *   <li>an operator's re-enqueue of a FAILED job (DLQ retry, dashboard requeue) starts a fresh retry budget
 *       ({@link FailureHistory} counts from it);</li>
 *   <li>log lines of a running job carry its attempt number (MDC {@value #MDC_ATTEMPT}).</li>
 * </ul>
 */
public final class JobLifecycleFilter implements ElectStateFilter, ApplyStateFilter, JobServerFilter {

    /** MDC key of the attempt number (1 for the first run) in log lines of a running job. */
    public static final String MDC_ATTEMPT = "attempt";

    /** Job metadata key holding a succeeded job's final step table (JSON). */
    public static final String CHECKPOINT_METADATA = "cairn.checkpoint";

    private final FailureElection failures;
    private final DeadLetterHandOff deadLetters;
    private final SucceededCheckpoint succeeded;
    private final CheckpointDeletions deletions;

    public JobLifecycleFilter(RetryPolicy retryPolicy, FinishedCheckpoints finished, CheckpointStore store, PipelineRunner runner,
                              ObjectMapper json, DeadLetterShipper shipper, Clock clock) {
        this.failures = new FailureElection(retryPolicy, clock);
        this.deadLetters = new DeadLetterHandOff(shipper);
        this.deletions = new CheckpointDeletions(store);
        this.succeeded = new SucceededCheckpoint(finished, deletions, runner, json);
    }

    /**
     * Deletes succeeded jobs' Redis checkpoints in batches from now on (before, and after the returned
     * handle is closed, each at once).
     *
     * @param tasks where the batches' periodic task runs
     * @return stops batching and sends what is queued
     */
    public AutoCloseable batchCheckpointDeletions(PeriodicTasks tasks) {
        return deletions.start(tasks);
    }

    /** Runs on the thread that performs the job, which JobRunr clears of MDC entries afterwards. */
    @Override
    public void onProcessing(Job job) {
        MDC.put(MDC_ATTEMPT, Long.toString(job.getJobStatesOfType(ProcessingState.class).count()));
    }

    @Override
    public void onStateElection(Job job, JobState newState) {
        if (newState.getName() == StateName.SUCCEEDED) {
            succeeded.attachFinalStepTable(job);
        } else if (newState instanceof EnqueuedState && interruptedByShutdown(job)) {
            // why: JobRunr's scheduler enqueues it once the shutdown's reschedule is due; it keeps its turn like a crash recovery
            QueuePosition.restoreOriginal(job);
        } else if (newState instanceof FailedState failed) {
            succeeded.discard(job);
            failures.elect(job, failed);
            deadLetters.markIfFinal(job, failed);
        }
    }

    /** @return whether the state before the job's last one is the reschedule of a shutdown that interrupted it */
    private static boolean interruptedByShutdown(Job job) {
        return job.getJobState(-2) instanceof ScheduledState scheduled && RetryPolicy.SHUTDOWN_REASON.equals(scheduled.getReason());
    }

    /** @return whether the attempt was cut short by a shutdown (rescheduled as a wait, not a failure) */
    static boolean isShutdownInterrupt(Throwable error) {
        return FailureElection.isShutdownInterrupt(error);
    }

    @Override
    public void onStateApplied(Job job, JobState oldState, JobState newState) {
        if (job.getState() == StateName.FAILED) {
            deadLetters.shipIfFinal(job);
        } else if (job.getState() == StateName.SUCCEEDED) {
            succeeded.deleteSaved(job);
        }
    }
}
