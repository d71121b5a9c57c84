package dev.cairn.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Listens on one pub/sub channel on a thread of its own and keeps listening across Redis outages: it
 * resubscribes a second after the connection drops and calls {@code onConnected} each time the
 * subscription is confirmed, because messages published while it was away are lost (pub/sub does not
 * queue), so the listener must catch up by other means. After {@link #close()} no message reaches
 * {@code onMessage}, even one already in flight.
 */
public final class RedisSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
    /** The wait before resubscribing after the connection dropped. */
    public static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final Supplier<Jedis> connections;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable onConnected;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile JedisPubSub subscription;

    /**
     * @param connections opens a connection of its own for each (re)subscription; it is closed, never
     *                    pooled, because a subscribed connection cannot serve other commands
     * @param channel     the channel
     * @param onMessage   called on the subscriber's thread with each message
     * @param onConnected called on the subscriber's thread each time the subscription is (re)established
     * @param threadName  the name of the listening thread, for thread dumps
     */
    public RedisSubscriber(Supplier<Jedis> connections, String channel, Consumer<String> onMessage, Runnable onConnected, String threadName) {
        this.connections = connections;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onConnected = onConnected;
        this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::listen);
    }

    /** Starts listening; returns at once. */
    public RedisSubscriber start() {
        thread.start();
        return this;
    }

    private void listen() {
        while (running) {
            JedisPubSub pubSub = new JedisPubSub() {
                @Override
                public void onSubscribe(String ch, int count) {
                    // why: close() cannot unsubscribe a subscription Redis has not confirmed yet; it ends here
                    if (!running) {
                        unsubscribe();
                        return;
                    }
                    onConnected.run();
                }

                @Override
                public void onMessage(String ch, String message) {
                    if (running) onMessage.accept(message);
                }
            };
            subscription = pubSub;
            try (Jedis connection = connections.get()) {
                connection.subscribe(pubSub, channel); // blocks until unsubscribed or the connection drops
            } catch (RuntimeException e) {
                if (running) LOG.debug("Subscription to {} lost ({}); resubscribing", channel, e.getMessage());
            }
            if (running) sleep();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        JedisPubSub pubSub = subscription;
        if (pubSub != null && pubSub.isSubscribed()) {
            try {
                pubSub.unsubscribe();
            } catch (RuntimeException ignored) {
                // why: the connection may already be gone
            }
        }
        thread.interrupt();
    }
}
