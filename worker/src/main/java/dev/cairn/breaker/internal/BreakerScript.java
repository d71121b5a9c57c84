package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.config.BreakerSettings;
import dev.cairn.redis.LuaScript;
import dev.cairn.redis.RedisKeys;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;
import java.util.UUID;

/**
 * Runs {@code breaker.lua}: one round trip per operation, every transition inside it, on Redis' clock
 * (a worker's own clock never decides a window or a timeout). Its arguments and reply are
 * {@link BreakerArgs} and {@link BreakerReply}.
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
     * @param known what the caller has seen so far: when Redis holds less (it lost or rolled back the
     *              state), the script gives the state a new epoch, so the reply supersedes {@code known}
     */
    BreakerReply run(String name, String op, String permitRound, BreakerSnapshot known) {
        BreakerArgs args = new BreakerArgs(op, settings, keys.breakerEvents(), name, permitRound, UUID.randomUUID().toString(),
                known.epoch(), known.version());
        return BreakerReply.decode(name, SCRIPT.run(redis, List.of(keys.breaker(name), keys.breakerFailures(name)), args.encode()));
    }
}
