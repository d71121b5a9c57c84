package dev.cairn.redis;

import dev.cairn.api.RescheduleException;

import java.time.Duration;

/**
 * Redis could not be reached or did not answer in time. Jobs that meet it wait and keep their
 * checkpoint; they never fall back to "no checkpoint" and redo finished work.
 */
public class RedisUnavailableException extends RescheduleException {

    /** How long a job waits before it tries again when Redis is down. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(15);

    /**
     * @param what  what was being done, e.g. "reading the checkpoint of job …"
     * @param cause the client's error
     */
    public RedisUnavailableException(String what, Throwable cause) {
        super("Redis is unreachable while " + what + " (" + rootMessage(cause) + "); the job waits and resumes from its checkpoint",
                DEFAULT_WAIT, cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
