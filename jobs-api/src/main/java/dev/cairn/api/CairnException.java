package dev.cairn.api;

/**
 * The root of every error Cairn raises or expects from a pipeline step.
 *
 * <p>The one decision that matters about an error is whether trying again can help. A
 * {@linkplain #isRetryable() retryable} error (a provider timeout, Redis briefly unreachable) lets the
 * job be retried with back-off and resume from its checkpoint; a permanent one (an encrypted PDF, a
 * payload that names no file) fails the job at once, spending none of its retries, with
 * {@link #getMessage()} as the reason a human reads.
 *
 * <p>Any other exception a step throws counts as retryable: an unexpected bug should not lose a job.
 */
public class CairnException extends RuntimeException {

    private final boolean retryable;

    /**
     * @param message   a sentence that names the problem, shown to users as the job's failure reason
     * @param retryable whether trying the job again can succeed
     */
    public CairnException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    /**
     * @param message   a sentence that names the problem, shown to users as the job's failure reason
     * @param retryable whether trying the job again can succeed
     * @param cause     the underlying error, kept for the stack trace
     */
    public CairnException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /**
     * A permanent error: the job fails at once and its retries are not spent.
     *
     * @param message the reason, as a user should read it
     * @return the exception, to be thrown
     */
    public static CairnException permanent(String message) {
        return new CairnException(message, false);
    }

    /**
     * A permanent error with its cause.
     *
     * @param message the reason, as a user should read it
     * @param cause   the underlying error
     * @return the exception, to be thrown
     */
    public static CairnException permanent(String message, Throwable cause) {
        return new CairnException(message, false, cause);
    }

    /**
     * A retryable error: the job is retried with back-off and resumes from its checkpoint.
     *
     * @param message the reason, as a user should read it
     * @param cause   the underlying error, may be {@code null}
     * @return the exception, to be thrown
     */
    public static CairnException retryable(String message, Throwable cause) {
        return new CairnException(message, true, cause);
    }

    /** @return {@code true} when trying the job again may succeed */
    public boolean isRetryable() {
        return retryable;
    }

    /**
     * Whether {@code error} is permanent: a {@link CairnException} (anywhere in the cause chain) that
     * says it is not retryable.
     *
     * @param error any throwable
     * @return {@code true} when retrying cannot help
     */
    public static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CairnException ce) return !ce.isRetryable();
        }
        return false;
    }
}
