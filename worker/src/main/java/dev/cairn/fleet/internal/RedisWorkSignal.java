package dev.cairn.fleet.internal;

import dev.cairn.fleet.WorkSignal;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisSubscriber;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link WorkSignal} over one Redis pub/sub channel: messages carry an id ({@link SignalPublisher}), and the
 * one worker that claims a message answers it ({@link SignalListener}).
 */
public final class RedisWorkSignal implements WorkSignal {

    private final UnifiedJedis redis;
    private final Supplier<Jedis> subscriptions;
    private final RedisKeys keys;
    private final String id;
    private final SignalPublisher publisher;
    private final SignalOutcomes outcomes;

    public RedisWorkSignal(UnifiedJedis redis, Supplier<Jedis> subscriptions, RedisKeys keys, Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.subscriptions = subscriptions;
        this.keys = keys;
        // why: names this worker's messages and claims; random, so a restarted worker never reuses a message id
        this.id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        this.publisher = new SignalPublisher(redis, keys.jobsReady(), id, clock);
        this.outcomes = new SignalOutcomes(meters);
    }

    @Override
    public void jobsReady() {
        publisher.request();
    }

    @Override
    public AutoCloseable onJobsReady(Onboarding onboarding) {
        SignalListener listener = new SignalListener(redis, keys, id, onboarding, publisher::request, outcomes);
        RedisSubscriber subscriber = new RedisSubscriber(subscriptions, keys.jobsReady(), listener::heard, listener::connected,
                "cairn-work-signal-subscriber").start();
        return () -> {
            subscriber.close();
            listener.close();
        };
    }

    @Override
    public void close() {
        publisher.close();
    }
}
