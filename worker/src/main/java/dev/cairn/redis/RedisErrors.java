package dev.cairn.redis;

import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The one place that decides what a Redis client error means for a job. An <em>outage</em> (no
 * connection, a timeout, a server loading its data, busy with a script, failing over or read-only) passes:
 * the job waits without spending a retry ({@link RedisUnavailableException}). Anything else is Redis
 * refusing the command (an ACL user without {@code evalsha}, {@code WRONGTYPE}, a script error, {@code OOM}):
 * waiting cannot fix that, so it is an ordinary failure ({@link RedisCommandException}) that spends retries
 * and ends in the dead-letter queue with Redis's own words as its reason.
 */
public final class RedisErrors {

    /**
     * Error codes of replies that mean "not now": a Redis starting up ({@code LOADING}), stuck in a script
     * ({@code BUSY}), resharding or failing over ({@code TRYAGAIN}, {@code MASTERDOWN}, {@code CLUSTERDOWN},
     * {@code READONLY} on a demoted master) or short of replicas ({@code NOREPLICAS}).
     */
    static final List<String> OUTAGE_CODES = List.of("LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "READONLY", "CLUSTERDOWN", "NOREPLICAS");

    private RedisErrors() {
    }

    /**
     * @param error a client error
     * @return whether it is an outage the job should wait out, rather than a refusal
     */
    public static boolean isOutage(JedisException error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // why: a refused or dropped connection, a read timeout, a cluster that ran out of redirections,
            // a pool with no free connection in time (Jedis wraps the pool's NoSuchElementException)
            if (t instanceof JedisConnectionException || t instanceof JedisClusterOperationException
                    || t instanceof IOException || t instanceof NoSuchElementException) {
                return true;
            }
        }
        return hasOutageCode(error.getMessage());
    }

    /**
     * Whether an error reply carries an outage code: at its start ({@code READONLY You can't write…}) or,
     * for a command a script ran on Redis 6, after the script error's prefix ({@code …: -READONLY You can't…}).
     */
    static boolean hasOutageCode(String message) {
        if (message == null) return false;
        for (String code : OUTAGE_CODES) {
            if (message.startsWith(code + " ") || message.equals(code) || message.contains(" -" + code + " ")) return true;
        }
        return false;
    }

    /**
     * The exception a caller throws for a client error.
     *
     * @param what  what was being done, e.g. "writing the checkpoint of job …"
     * @param error the client's error
     * @return a {@link RedisUnavailableException} for an outage, else a {@link RedisCommandException}
     */
    public static RuntimeException classify(String what, JedisException error) {
        return isOutage(error) ? new RedisUnavailableException(what, error) : new RedisCommandException(what, error);
    }
}
