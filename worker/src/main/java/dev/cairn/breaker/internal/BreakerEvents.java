package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import dev.cairn.redis.RedisSubscriber;
import redis.clients.jedis.Jedis;

import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Listens on the breakers' event channel, so a transition made by any worker reaches this one within
 * a round trip. After a Redis outage it asks for a full refresh, because messages published while it
 * was away are lost; once closed, nothing may change the breakers' views, even a message in flight.
 */
final class BreakerEvents implements AutoCloseable {

    private final RedisSubscriber subscriber;

    /**
     * @param connections opens a dedicated connection for each (re)subscription
     * @param onConnected called each time the subscription is (re)established: refresh every view
     */
    BreakerEvents(Supplier<Jedis> connections, String channel, BiConsumer<BreakerSnapshot, Instant> onEvent, Runnable onConnected) {
        this.subscriber = new RedisSubscriber(connections, channel, message -> {
            Event event = parse(message);
            if (event != null) onEvent.accept(event.snapshot(), event.redisNow());
        }, onConnected, "cairn-breaker-events");
    }

    /** A published state and Redis' clock when it was published. */
    record Event(BreakerSnapshot snapshot, Instant redisNow) {
    }

    void start() {
        subscriber.start();
    }

    /** {@code name|state|version|retryAt|epoch|now}, as breaker.lua publishes it; null for anything else. */
    static Event parse(String message) {
        String[] parts = message.split("\\|");
        if (parts.length != 6) return null;
        try {
            BreakerState state = BreakerState.valueOf(parts[1]);
            long retryAt = Long.parseLong(parts[3]);
            BreakerSnapshot snapshot = new BreakerSnapshot(parts[0], state, Long.parseLong(parts[4]), Long.parseLong(parts[2]),
                    state == BreakerState.CLOSED ? null : Instant.ofEpochMilli(retryAt), 0, 0);
            return new Event(snapshot, Instant.ofEpochMilli(Long.parseLong(parts[5])));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
