package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.Transition;
import dev.cairn.config.BreakerSettings;
import dev.cairn.redis.LuaScript;
import dev.cairn.redis.RedisKeys;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs {@code breaker.lua}: one round trip per operation, every transition inside it, on Redis' clock
 * (a worker's own clock never decides a window or a timeout).
 */
final class BreakerScript {

    private static final LuaScript SCRIPT = LuaScript.fromResource(BreakerScript.class, "breaker.lua");

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final BreakerSettings settings;

    BreakerScript(UnifiedJedis redis, RedisKeys keys, BreakerSettings settings) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
    }

    /**
     * What the script answered.
     *
     * @param redisNow Redis' clock when the script ran, to translate {@code retryAt} to a worker's clock
     */
    record Reply(BreakerSnapshot snapshot, boolean granted, long round, Optional<Transition> transition, Instant redisNow) {
    }

    /**
     * @param known what the caller has seen so far: when Redis holds less (it lost or rolled back the
     *              state), the script gives the state a new epoch, so the reply supersedes {@code known}
     */
    Reply run(String name, String op, String permitRound, BreakerSnapshot known) {
        List<String> args = List.of(op,
                Integer.toString(settings.failureThreshold()), Long.toString(settings.failureWindow().toMillis()),
                Long.toString(settings.recoveryTimeout().toMillis()), Integer.toString(settings.halfOpenMaxCalls()),
                keys.breakerEvents(), name, permitRound == null ? "" : permitRound, UUID.randomUUID().toString(),
                Long.toString(known.epoch()), Long.toString(known.version()));
        List<?> reply = (List<?>) SCRIPT.run(redis, List.of(keys.breaker(name), keys.breakerFailures(name)), args);
        BreakerState state = BreakerState.valueOf(String.valueOf(reply.get(0)));
        long retryAt = number(reply.get(2));
        BreakerSnapshot snapshot = new BreakerSnapshot(name, state, number(reply.get(8)), number(reply.get(1)),
                state == BreakerState.CLOSED ? null : Instant.ofEpochMilli(retryAt),
                (int) number(reply.get(4)), (int) number(reply.get(5)));
        String transition = String.valueOf(reply.get(7));
        Optional<Transition> named = transition.isEmpty() ? Optional.empty() : Optional.of(Transition.named(transition)
                .orElseThrow(() -> new IllegalStateException("breaker.lua reported an unknown transition " + transition)));
        return new Reply(snapshot, number(reply.get(3)) == 1, number(reply.get(6)), named, Instant.ofEpochMilli(number(reply.get(9))));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }
}
