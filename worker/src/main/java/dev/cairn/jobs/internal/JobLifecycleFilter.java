package dev.cairn.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.RescheduleException;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.jobs.internal.QueuePosition;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.redis.RedisUnavailableException;
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
import org.jobrunr.server.JobActivatorShutdownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;

/**
 * Cairn's decisions at JobRunr's state changes. It replaces JobRunr's {@code RetryFilter} (JobRunr
 * keeps only one state-election filter) and adds what Cairn's contract needs:
 * <ul>
 *   <li>a job that must wait ({@link RescheduleException}: Redis down, worker draining) or that was
 *       interrupted by a shutdown is rescheduled <em>without</em> spending a retry; waits for Redis add up, and
 *       past {@code CAIRN_JOB_MAX_REDIS_WAIT} in total the job fails for good (a Redis that answers but refuses
 *       a command is no wait: it is an ordinary, retried failure);</li>
 *   <li>a permanent error ({@link CairnException#isPermanent}) fails the job at once;</li>
 *   <li>a job orphaned by a worker that died (found by JobRunr's orphan task or Cairn's
 *       {@link CrashReclaimer}) is enqueued at once to resume without spending a retry, up to
 *       {@code CAIRN_JOB_MAX_CRASH_RECOVERIES} times (then it is a poison job and fails);</li>
 *   <li>a job enqueued again after a crash or after a shutdown interrupted it keeps its original place in
 *       the queue ({@link QueuePosition}): it runs before the jobs that were enqueued after it;</li>
 *   <li>any other failure is retried {@code CAIRN_JOB_MAX_RETRIES} times with back-off seed^n s;
 *       only these retries are counted;</li>
 *   <li>a job whose FAILED state is final (retries exhausted, permanent error, orphaned by a dead
 *       worker — JobRunr's orphan task runs election and applied filters too) is shipped to the
 *       dead-letter queue once JobRunr has saved it;</li>
 *   <li>an operator's re-enqueue of a FAILED job (DLQ retry, dashboard requeue) starts a fresh retry budget;</li>
 *   <li>on success, the final step table is stored with the job (metadata {@value #CHECKPOINT_METADATA})
 *       and, once JobRunr has saved the success, the Redis checkpoint is deleted.</li>
 * </ul>
 */
public final class JobLifecycleFilter implements ElectStateFilter, ApplyStateFilter, JobServerFilter {

    /** MDC key of the attempt number (1 for the first run) in log lines of a running job. */
    public static final String MDC_ATTEMPT = "attempt";

    /** Job metadata key holding a succeeded job's final step table (JSON). */
    public static final String CHECKPOINT_METADATA = "cairn.checkpoint";

    /**
     * Job metadata key naming the failure this filter elected as final (its FAILED state's creation time,
     * epoch ms): only that failure is shipped to the DLQ when applied.
     */
    static final String FINAL_FAILURE_METADATA = "cairn.finalFailure";

    private static final Logger LOG = LoggerFactory.getLogger(JobLifecycleFilter.class);

    private final RetryPolicy retryPolicy;
    private final FinishedCheckpoints finished;
    private final CheckpointStore store;
    private final PipelineRunner runner;
    private final ObjectMapper json;
    private final DeadLetterShipper shipper;
    private final Clock clock;

    public JobLifecycleFilter(RetryPolicy retryPolicy, FinishedCheckpoints finished, CheckpointStore store, PipelineRunner runner,
                              ObjectMapper json, DeadLetterShipper shipper, Clock clock) {
        this.retryPolicy = retryPolicy;
        this.finished = finished;
        this.store = store;
        this.runner = runner;
        this.json = json;
        this.shipper = shipper;
        this.clock = clock;
    }

    /** Runs on the thread that performs the job, which JobRunr clears of MDC entries afterwards. */
    @Override
    public void onProcessing(Job job) {
        MDC.put(MDC_ATTEMPT, Long.toString(job.getJobStatesOfType(ProcessingState.class).count()));
    }

    @Override
    public void onStateElection(Job job, JobState newState) {
        if (newState.getName() == StateName.SUCCEEDED) {
            attachFinalCheckpoint(job);
        } else if (newState instanceof EnqueuedState && interruptedByShutdown(job)) {
            // why: JobRunr's scheduler enqueues it once the shutdown's reschedule is due; it keeps its turn like a crash recovery
            QueuePosition.restoreOriginal(job);
        } else if (newState instanceof FailedState failed) {
            finished.discard(job.getId());
            electAfterFailure(job, failed);
            // why: nothing was scheduled, so this failure is final; JobRunr may apply a FAILED state before
            // this election ran (its steward saves the same Job object from another thread), and only a
            // failure elected here as final may reach the DLQ
            if (job.getJobState() == failed) job.getMetadata().put(FINAL_FAILURE_METADATA, failed.getCreatedAt().toEpochMilli());
        }
    }

    /** @return whether the state before the job's last one is the reschedule of a shutdown that interrupted it */
    private static boolean interruptedByShutdown(Job job) {
        return job.getJobState(-2) instanceof ScheduledState scheduled && RetryPolicy.SHUTDOWN_REASON.equals(scheduled.getReason());
    }

    /** @return whether the job's last state is a FAILED state this filter elected as final */
    private static boolean electedFinal(Job job) {
        return job.getJobState() instanceof FailedState failed
                && Long.valueOf(failed.getCreatedAt().toEpochMilli()).equals(asLong(job.getMetadata().get(FINAL_FAILURE_METADATA)));
    }

    private static Long asLong(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private void attachFinalCheckpoint(Job job) {
        CheckpointView view = finished.take(job.getId());
        if (view == null) return;
        try {
            job.getMetadata().put(CHECKPOINT_METADATA, json.writeValueAsString(view));
        } catch (JsonProcessingException e) {
            LOG.warn("Could not keep the step table of job {} with the job: {}", job.getId(), e.getMessage());
        }
    }

    private void electAfterFailure(Job job, FailedState failed) {
        Exception error = failed.getException();
        RescheduleException wait = RescheduleException.find(error);
        if (wait instanceof RedisUnavailableException && waitedTooLongForRedis(job)) return;
        if (wait != null) {
            job.scheduleAt(clock.instant().plus(wait.delay()), RetryPolicy.WAIT_REASON_PREFIX + wait.getMessage());
            return;
        }
        if (isShutdownInterrupt(error)) {
            job.scheduleAt(clock.instant(), RetryPolicy.SHUTDOWN_REASON);
            return;
        }
        if (RetryPolicy.ORPHAN_EXCEPTION.equals(failed.getExceptionType())) {
            recoverFromCrash(job);
            return;
        }
        if (failed.mustNotRetry() || CairnException.isPermanent(error)) {
            LOG.warn("Job {} failed permanently: {}", job.getId(), failed.getExceptionMessage());
            return;
        }
        int retriesSoFar = new FailureHistory(job).retriesSinceRequeue();
        int maxRetries = job.getAmountOfRetries() != null ? job.getAmountOfRetries() : retryPolicy.maxRetries();
        if (retriesSoFar >= maxRetries) {
            LOG.warn("Job {} failed after {} retries: {}", job.getId(), retriesSoFar, failed.getExceptionMessage());
            return;
        }
        int retry = retriesSoFar + 1;
        Duration backoff = retryPolicy.backoff(retry);
        job.scheduleAt(clock.instant().plus(backoff), RetryPolicy.RETRY_REASON_PREFIX + retry + " of " + maxRetries);
    }

    /**
     * A job waits for an unreachable Redis without spending retries, but not for ever: past
     * {@code CAIRN_JOB_MAX_REDIS_WAIT} of waits in total its failure is final and it goes to the DLQ.
     */
    private boolean waitedTooLongForRedis(Job job) {
        Duration waited = new FailureHistory(job).redisWaitSinceRequeue();
        if (waited.compareTo(retryPolicy.maxRedisWait()) < 0) return false;
        LOG.warn("Job {} has waited {} in total for an unreachable Redis (CAIRN_JOB_MAX_REDIS_WAIT={}): it fails for good",
                job.getId(), waited, retryPolicy.maxRedisWait());
        return true;
    }

    /**
     * JobRunr declared the job orphaned: the worker running it stopped (kill -9, OOM, a lost machine). That
     * is not the job's fault, so it resumes from its checkpoint at once without spending a retry; only a
     * job that keeps taking its worker down (a poison job) fails for good, after
     * {@code CAIRN_JOB_MAX_CRASH_RECOVERIES} recoveries.
     */
    private void recoverFromCrash(Job job) {
        int recoveries = new FailureHistory(job).crashRecoveriesSinceRequeue();
        int max = retryPolicy.maxCrashRecoveries();
        if (recoveries >= max) {
            LOG.warn("Job {} was running on a worker that stopped, {} time(s) now (CAIRN_JOB_MAX_CRASH_RECOVERIES={}): it fails as a poison job",
                    job.getId(), recoveries + 1, max);
            return;
        }
        LOG.info("Job {} was running on a worker that stopped; it resumes from its checkpoint (crash recovery {} of {}, no retry spent)",
                job.getId(), recoveries + 1, max);
        job.scheduleAt(clock.instant(), RetryPolicy.CRASH_REASON_PREFIX + (recoveries + 1) + " of " + max
                + ": the worker running it stopped; it resumes from its checkpoint");
        // why: enqueued in the same save, not left to JobRunr's scheduler, which moves due jobs once a poll interval
        job.enqueue();
        // why: it had its turn already; enqueued anew it would wait behind every job that came after it
        QueuePosition.restoreOriginal(job);
    }

    /** @return whether the attempt was cut short by a shutdown (rescheduled as a wait, not a failure) */
    static boolean isShutdownInterrupt(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof JobActivatorShutdownException) return true;
        }
        return false;
    }

    @Override
    public void onStateApplied(Job job, JobState oldState, JobState newState) {
        if (job.getState() == StateName.FAILED) {
            if (electedFinal(job)) shipper.ship(job);
            return;
        }
        if (job.getState() != StateName.SUCCEEDED) return;
        String jobId = job.getId().toString();
        try {
            store.delete(jobId);
        } catch (RuntimeException e) {
            // why: the step table is already kept with the job; the Redis key expires with its TTL
            LOG.warn("Could not delete the checkpoint of succeeded job {}: {}", jobId, e.getMessage());
        }
        runner.cleanUp(jobId);
    }
}
