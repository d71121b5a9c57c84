package dev.cairn.checkpoint;

import dev.cairn.api.CairnException;

/**
 * This attempt of the job has been fenced off: a newer attempt holds the checkpoint (JobRunr declared
 * this worker dead and handed the job on), or the checkpoint is gone. The attempt must stop at once
 * without writing anything else; the newer attempt owns the job.
 */
public final class StaleAttemptException extends CairnException {

    /**
     * @param jobId  the job
     * @param reason Redis's reason for rejecting the write
     */
    public StaleAttemptException(String jobId, String reason) {
        super("this attempt of job " + jobId + " was fenced off: " + reason, true);
    }
}
