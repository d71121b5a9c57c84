package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Listens on the breakers' event channel, so a transition made by any worker reaches this one within
 * a round trip. Reconnects after a Redis outage and asks for a full refresh then, because messages
 * published while it was away are lost (pub/sub does not queue).
 */
final class BreakerEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerEvents.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final Supplier<Jedis> connections;
    private final String channel;
    private final Consumer<BreakerSnapshot> onEvent;
    private final Runnable onConnected;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile JedisPubSub subscription;

    /**
     * @param connections opens a connection of its own for each (re)subscription; it is closed, never
     *                    pooled, because a subscribed connection cannot serve other commands
     */
    BreakerEvents(Supplier<Jedis> connections, String channel, Consumer<BreakerSnapshot> onEvent, Runnable onConnected) {
        this.connections = connections;
        this.channel = channel;
        this.onEvent = onEvent;
        this.onConnected = onConnected;
        this.thread = Thread.ofPlatform().daemon().name("cairn-breaker-events").unstarted(this::listen);
    }

    void start() {
        thread.start();
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
                    // why: once closed, nothing may change the breakers' views, even a message already in flight
                    if (!running) return;
                    BreakerSnapshot snapshot = parse(message);
                    if (snapshot != null) onEvent.accept(snapshot);
                }
            };
            subscription = pubSub;
            try (Jedis connection = connections.get()) {
                connection.subscribe(pubSub, channel); // blocks until unsubscribed or the connection drops
            } catch (RuntimeException e) {
                if (running) LOG.debug("Breaker event subscription lost ({}); reconnecting", e.getMessage());
            }
            if (running) sleep();
        }
    }

    /** {@code name|state|version|retryAt}, as breaker.lua publishes it. */
    static BreakerSnapshot parse(String message) {
        String[] parts = message.split("\\|");
        if (parts.length != 4) return null;
        try {
            BreakerState state = BreakerState.valueOf(parts[1]);
            long retryAt = Long.parseLong(parts[3]);
            return new BreakerSnapshot(parts[0], state, Long.parseLong(parts[2]),
                    state == BreakerState.CLOSED ? null : Instant.ofEpochMilli(retryAt), 0, 0);
        } catch (IllegalArgumentException e) {
            return null;
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
