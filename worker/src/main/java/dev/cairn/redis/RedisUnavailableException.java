package dev.cairn.redis;

import redis.clients.jedis.exceptions.JedisException;

import java.util.function.Supplier;

import dev.cairn.api.RescheduleException;

import java.time.Duration;

/**
 * Redis could not be reached, did not answer in time, or is not ready to answer (loading, busy with a
 * script, failing over: see {@link RedisErrors}). Jobs that meet it wait and keep their checkpoint; they
 * never fall back to "no checkpoint" and redo finished work. A job waits at most
 * {@code CAIRN_JOB_MAX_REDIS_WAIT} in total, then fails.
 */
public class RedisUnavailableException extends RescheduleException {

    /** How long a job waits before it tries again when Redis is down. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(15);
    /** How every message of this exception starts; a job's wait reasons are recognised by it. */
    public static final String MESSAGE_PREFIX = "Redis is unreachable while ";
    /** How every message of this exception ends. */
    public static final String MESSAGE_SUFFIX = "; the job waits and resumes from its checkpoint";

    /**
     * @param what  what was being done, e.g. "reading the checkpoint of job …"
     * @param cause the client's error
     */
    public RedisUnavailableException(String what, Throwable cause) {
        super(MESSAGE_PREFIX + what + " (" + rootMessage(cause) + ")" + MESSAGE_SUFFIX,
                DEFAULT_WAIT, cause);
    }

    /**
     * Runs one Redis call, turning a client error into this exception when it is an outage, and into a
     * {@link RedisCommandException} when Redis refused the command ({@link RedisErrors} decides).
     *
     * @param what   what is being done, e.g. "reading the checkpoint of job …"
     * @param action the call
     * @param <T>    its result
     * @return the call's result
     * @throws RedisUnavailableException when Redis cannot be reached or is not ready to answer
     * @throws RedisCommandException     when Redis refused the command (NOPERM, WRONGTYPE, a script error, OOM)
     */
    public static <T> T during(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (JedisException e) {
            throw RedisErrors.classify(what, e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
