package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.Transition;
import dev.cairn.config.BreakerSettings;
import dev.cairn.redis.LuaScript;
import dev.cairn.redis.RedisKeys;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Runs {@code breaker.lua}: one round trip per operation, every transition inside it. */
final class BreakerScript {

    private static final LuaScript SCRIPT = LuaScript.fromResource(BreakerScript.class, "breaker.lua");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final BreakerSettings settings;
    private final Clock clock;

    BreakerScript(UnifiedJedis redis, RedisKeys keys, BreakerSettings settings, Clock clock) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    /** What the script answered. */
    record Reply(BreakerSnapshot snapshot, boolean granted, long round, Optional<Transition> transition) {
    }

    Reply run(String name, String op, String permitRound) {
        List<String> args = List.of(op, Long.toString(clock.millis()),
                Integer.toString(settings.failureThreshold()), Long.toString(settings.failureWindow().toMillis()),
                Long.toString(settings.recoveryTimeout().toMillis()), Integer.toString(settings.halfOpenMaxCalls()),
                keys.breakerEvents(), name, permitRound == null ? "" : permitRound, UUID.randomUUID().toString());
        List<?> reply = (List<?>) SCRIPT.run(redis, List.of(keys.breaker(name), keys.breakerFailures(name)), args);
        BreakerState state = BreakerState.valueOf(String.valueOf(reply.get(0)));
        long retryAt = number(reply.get(2));
        BreakerSnapshot snapshot = new BreakerSnapshot(name, state, number(reply.get(1)),
                state == BreakerState.CLOSED ? null : Instant.ofEpochMilli(retryAt),
                (int) number(reply.get(4)), (int) number(reply.get(5)));
        String transition = String.valueOf(reply.get(7));
        Optional<Transition> named = transition.isEmpty() ? Optional.empty() : Optional.of(Transition.named(transition)
                .orElseThrow(() -> new IllegalStateException("breaker.lua reported an unknown transition " + transition)));
        return new Reply(snapshot, number(reply.get(3)) == 1, number(reply.get(6)), named);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }
}
