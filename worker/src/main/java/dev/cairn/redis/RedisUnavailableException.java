package dev.cairn.redis;

import redis.clients.jedis.exceptions.JedisException;

import java.util.function.Supplier;

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

    /**
     * Runs one Redis call, turning a client error into this exception.
     *
     * @param what   what is being done, e.g. "reading the checkpoint of job …"
     * @param action the call
     * @param <T>    its result
     * @return the call's result
     * @throws RedisUnavailableException when Redis cannot be reached
     */
    public static <T> T during(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (JedisException e) {
            throw new RedisUnavailableException(what, e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
