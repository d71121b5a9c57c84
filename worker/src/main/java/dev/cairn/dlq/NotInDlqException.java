package dev.cairn.dlq;

import dev.cairn.api.CairnException;

/** The job asked for is not in the dead-letter queue (never failed for good, retried, removed, or expired). */
public final class NotInDlqException extends CairnException {

    /** @param jobId the job asked for */
    public NotInDlqException(String jobId) {
        super("job " + jobId + " is not in the dead-letter queue", false);
    }
}
