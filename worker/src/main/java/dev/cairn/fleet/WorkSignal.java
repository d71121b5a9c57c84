package dev.cairn.fleet;

import dev.cairn.fleet.internal.RedisWorkSignal;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * "A job is ready to run", so that an idle worker takes it at once instead of at its next poll of the job
 * storage. It is a hint, never the only way work is found: a lost signal (Redis down, a worker
 * reconnecting) costs at most one poll interval.
 *
 * <p>A signal costs the fleet about one onboarding query however many workers listen: every worker hears
 * it, but only one with a free thread claims it and looks for jobs. When that worker filled every free
 * thread, more jobs may be waiting, so it passes the signal on to the next idle worker; when it found
 * fewer, the queue is empty and the signal ends there.
 */
public interface WorkSignal extends AutoCloseable {

    /** Says that work is ready. Best effort and asynchronous: never throws, never blocks on Redis. */
    void jobsReady();

    /**
     * @param onboarding what this worker does with a signal; called on a thread of the signal's own, one
     *                   call at a time. After each (re)connection it onboards without a claim, since signals
     *                   sent while away are lost.
     * @return closing it stops listening
     */
    AutoCloseable onJobsReady(Onboarding onboarding);

    /** Stops sending signals. */
    @Override
    default void close() {
    }

    /** A worker's side of the signal: whether it could take a job, and taking jobs. */
    interface Onboarding {

        /** @return whether a worker thread is free now; cheap, no I/O (a worker without one ignores a signal) */
        boolean hasCapacity();

        /**
         * Takes enqueued jobs now, as many as it has free threads.
         *
         * @return true when it took as many jobs as it had free threads (more may be waiting) or had none
         * free, false when it found fewer (the queue is empty)
         */
        boolean onboard();
    }

    /**
     * @param redis         the client that publishes and claims
     * @param subscriptions opens a dedicated connection for listening
     * @param keys          names the channel ({@code cairn:jobs:ready}) and the claims
     * @param clock         paces publishing
     * @param meters        where {@code cairn_work_signals_total} is counted
     * @return a signal over Redis pub/sub
     */
    static WorkSignal redis(UnifiedJedis redis, Supplier<Jedis> subscriptions, RedisKeys keys, Clock clock, MeterRegistry meters) {
        return new RedisWorkSignal(redis, subscriptions, keys, clock, meters);
    }

    /** @return a signal that says nothing: workers find work at their poll interval */
    static WorkSignal none() {
        return new WorkSignal() {
            @Override
            public void jobsReady() {
            }

            @Override
            public AutoCloseable onJobsReady(Onboarding onboarding) {
                return () -> { };
            }
        };
    }
}
