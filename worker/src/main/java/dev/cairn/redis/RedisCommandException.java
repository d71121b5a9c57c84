package dev.cairn.redis;

import dev.cairn.api.CairnException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis answered, but refused the command: an ACL user without a permission ({@code NOPERM}), a key of
 * the wrong type ({@code WRONGTYPE}), a script error, {@code OOM}. Waiting does not fix it, so a job that
 * meets it fails like any retryable error (it spends retries and ends in the dead-letter queue with this
 * message) instead of waiting for ever. See {@link RedisErrors} for what counts as an outage instead.
 */
public class RedisCommandException extends CairnException {

    private final String reply;

    /**
     * @param what  what was being done, e.g. "writing the checkpoint of job …"
     * @param cause the client's error, whose message is Redis's error reply
     */
    public RedisCommandException(String what, JedisException cause) {
        super("Redis refused " + what + ": " + cause.getMessage(), true, cause);
        this.reply = cause.getMessage();
    }

    /** @return Redis's error reply, e.g. {@code NOPERM this user has no permissions to run the 'evalsha' command} */
    public String reply() {
        return reply;
    }
}
