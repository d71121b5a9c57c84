package dev.cairn.redis;

import redis.clients.jedis.UnifiedJedis;

import java.util.List;

/**
 * The health check's question to Redis: does it answer, and does it run Cairn's scripts? Every
 * checkpoint, breaker, lease and DLQ write is a script, so a Redis that answers {@code PING} but refuses
 * {@code EVALSHA} (an ACL user without it) or is stuck in another script is of no use to jobs.
 */
public final class RedisProbe {

    private static final LuaScript PROBE = LuaScript.fromResource(RedisProbe.class, "health-probe.lua");

    private final UnifiedJedis redis;
    private final List<String> key;

    /**
     * @param redis the client
     * @param keys  key names (the probe's script names one key so a Cluster can route it)
     */
    public RedisProbe(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.key = List.of(keys.probe());
    }

    /**
     * Sends a {@code PING}, then runs a script that does nothing.
     *
     * @throws RedisUnavailableException when Redis does not answer
     * @throws RedisCommandException     when Redis answers but refuses the script (NOPERM, …)
     */
    public void check() {
        RedisUnavailableException.during("answering a PING", redis::ping);
        RedisUnavailableException.during("running a script (the health probe's EVALSHA)", () -> PROBE.run(redis, key, List.of()));
    }
}
