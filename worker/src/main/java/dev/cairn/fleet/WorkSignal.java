package dev.cairn.fleet;

import dev.cairn.fleet.internal.RedisWorkSignal;
import dev.cairn.redis.RedisKeys;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

import java.util.function.Supplier;

/**
 * "A job is ready to run", said once to every worker, so an idle worker takes it at once instead of at
 * its next poll of the job storage. The signal carries nothing: a worker that hears it simply polls now.
 * It is a hint, never the only way work is found: a lost signal (Redis down, a worker reconnecting)
 * costs at most one poll interval.
 */
public interface WorkSignal {

    /** Tells every worker that work is ready. Best effort: never throws. */
    void jobsReady();

    /**
     * @param listener called on a thread of the signal's own, once per signal heard and once after each
     *                 (re)connection, since signals sent while away are lost; it must return quickly
     * @return closing it stops listening
     */
    AutoCloseable onJobsReady(Runnable listener);

    /**
     * @param redis         the client that publishes
     * @param subscriptions opens a dedicated connection for listening
     * @param keys          names the channel ({@code cairn:jobs:ready})
     * @return a signal over Redis pub/sub
     */
    static WorkSignal redis(UnifiedJedis redis, Supplier<Jedis> subscriptions, RedisKeys keys) {
        return new RedisWorkSignal(redis, subscriptions, keys.jobsReady());
    }

    /** @return a signal that says nothing: workers find work at their poll interval */
    static WorkSignal none() {
        return new WorkSignal() {
            @Override
            public void jobsReady() {
            }

            @Override
            public AutoCloseable onJobsReady(Runnable listener) {
                return () -> { };
            }
        };
    }
}
