package dev.cairn.fleet.internal;

import dev.cairn.fleet.WorkSignal;
import dev.cairn.redis.RedisSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.util.function.Supplier;

/** {@link WorkSignal} over one Redis pub/sub channel. */
public final class RedisWorkSignal implements WorkSignal {

    private static final Logger LOG = LoggerFactory.getLogger(RedisWorkSignal.class);

    private final UnifiedJedis redis;
    private final Supplier<Jedis> subscriptions;
    private final String channel;

    public RedisWorkSignal(UnifiedJedis redis, Supplier<Jedis> subscriptions, String channel) {
        this.redis = redis;
        this.subscriptions = subscriptions;
        this.channel = channel;
    }

    @Override
    public void jobsReady() {
        try {
            redis.publish(channel, "1");
        } catch (JedisException e) {
            // why: a hint only; workers still find the job at their next poll
            LOG.debug("Could not signal ready work on {}: {}", channel, e.getMessage());
        }
    }

    @Override
    public AutoCloseable onJobsReady(Runnable listener) {
        return new RedisSubscriber(subscriptions, channel, message -> listener.run(), listener, "cairn-work-signal").start();
    }
}
