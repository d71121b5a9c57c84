package dev.cairn.jobs;

import dev.cairn.api.CairnException;

/** An idempotency key that was already used for a job with a different type or payload. */
public final class IdempotencyConflictException extends CairnException {

    /**
     * @param key   the idempotency key
     * @param jobId the job it already names
     */
    public IdempotencyConflictException(String key, String jobId) {
        super("idempotency key '" + key + "' was already used for job " + jobId + " with a different payload", false);
    }
}
