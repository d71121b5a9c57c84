package dev.cairn.checkpoint;

import dev.cairn.api.RescheduleException;

import java.time.Duration;

/**
 * This attempt of the job has been fenced off: a newer attempt holds the checkpoint (JobRunr declared
 * this worker dead and handed the job on), or the checkpoint is gone. The attempt must stop at once
 * without writing anything else; the newer attempt owns the job.
 *
 * <p>A wait, not a failure: neither case is the job's fault. A newer attempt elsewhere owns the job (this
 * attempt's save of its end is refused by JobRunr anyway); a checkpoint Redis lost (a restart without
 * persistence, FLUSHALL, eviction) means the job runs again at once, resuming from the files its steps
 * wrote, without spending one of its retries.
 */
public final class StaleAttemptException extends RescheduleException {

    /**
     * @param jobId  the job
     * @param reason Redis's reason for rejecting the write
     */
    public StaleAttemptException(String jobId, String reason) {
        super("this attempt of job " + jobId + " was fenced off: " + reason, Duration.ZERO, null);
    }
}
