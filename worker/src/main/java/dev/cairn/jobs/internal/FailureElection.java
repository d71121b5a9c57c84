package dev.cairn.jobs.internal;

import dev.cairn.api.CairnException;
import dev.cairn.api.RescheduleException;
import dev.cairn.redis.RedisUnavailableException;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.server.JobActivatorShutdownException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * What a failed attempt becomes (JobRunr's {@code RetryFilter}, replaced): a wait that spends no retry, a
 * crash recovery, a retry with back-off, or a final failure. Nothing scheduled means final.
 * <ul>
 *   <li>a job that must wait ({@link RescheduleException}: Redis down, breaker open, worker draining) or
 *       that a shutdown interrupted is rescheduled without spending a retry; waits for Redis add up, and past
 *       {@code CAIRN_JOB_MAX_REDIS_WAIT} the failure is final;</li>
 *   <li>a job orphaned by a worker that died resumes at once, in its original place in the queue, up to
 *       {@code CAIRN_JOB_MAX_CRASH_RECOVERIES} times (then it is a poison job);</li>
 *   <li>a permanent error ({@link CairnException#isPermanent}) is final at once;</li>
 *   <li>any other failure is retried {@code CAIRN_JOB_MAX_RETRIES} times with back-off seed^n s.</li>
 * </ul>
 */
final class FailureElection {

    private static final Logger LOG = LoggerFactory.getLogger(FailureElection.class);

    private final RetryPolicy retryPolicy;
    private final Clock clock;

    FailureElection(RetryPolicy retryPolicy, Clock clock) {
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    void elect(Job job, FailedState failed) {
        Exception error = failed.getException();
        RescheduleException wait = RescheduleException.find(error);
        // why: a job waiting for a provider's breaker runs as soon as it closes, not at its own time
        BreakerWaiters.mark(job, wait);
        if (wait instanceof RedisUnavailableException && waitedTooLongForRedis(job)) return;
        if (wait != null) {
            job.scheduleAt(clock.instant().plus(wait.delay()), RetryPolicy.WAIT_REASON_PREFIX + wait.getMessage());
            // why: one line at INFO; JobRunr's WARN with a stack trace for it is dropped (JobWaitLogFilter): nothing failed
            LOG.info("Job {} waits {} ms, no retry spent: {}", job.getId(), wait.delay().toMillis(), wait.getMessage());
            return;
        }
        if (isShutdownInterrupt(error)) {
            job.scheduleAt(clock.instant(), RetryPolicy.SHUTDOWN_REASON);
            LOG.info("Job {} was interrupted by the worker's shutdown; it resumes from its checkpoint, no retry spent", job.getId());
            return;
        }
        if (RetryPolicy.ORPHAN_EXCEPTION.equals(failed.getExceptionType())) {
            recoverFromCrash(job);
            return;
        }
        if (failed.mustNotRetry() || CairnException.isPermanent(error)) {
            LOG.warn("Job {} failed permanently: {}", job.getId(), failed.getExceptionMessage());
            // why: its DLQ entry says so, and `cairn dlq retry` asks for --force before running it into the same error
            job.getMetadata().put(RetryPolicy.PERMANENT_METADATA, true);
            return;
        }
        job.getMetadata().remove(RetryPolicy.PERMANENT_METADATA);
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
}
