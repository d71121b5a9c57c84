package dev.cairn.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts about the Redis server that ops look for first ({@code GET /health/redis}): its version, the
 * {@code maxmemory-policy} (can it evict checkpoints?), its persistence (AOF, RDB: does a restart lose
 * checkpoints?) and the memory it uses. Read from {@code INFO}; a fact Redis does not give (a Cluster, whose
 * keyless commands have no node to go to, or an ACL user without {@code INFO}) reads {@code null}.
 */
public final class RedisServerFacts {

    private RedisServerFacts() {
    }

    /**
     * @param redis    the client
     * @param eviction the policy read at start-up
     * @return {@code version}, {@code maxmemory_policy}, {@code persistence {aof, rdb}}, {@code used_memory_bytes}
     */
    public static Map<String, Object> read(UnifiedJedis redis, EvictionPolicy eviction) {
        Map<String, String> info = new LinkedHashMap<>();
        String unreadable = null;
        for (String section : new String[] {"server", "persistence", "memory"}) {
            try {
                parse(redis.info(section), info);
            } catch (JedisException | UnsupportedOperationException e) {
                unreadable = e.getMessage();
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", info.get("redis_version"));
        facts.put("maxmemory_policy", eviction.policy().orElse(null));
        Map<String, Object> persistence = new LinkedHashMap<>();
        persistence.put("aof", flag(info.get("aof_enabled")));
        // why: a server with RDB snapshots configured has saved, or counts changes since, at least one; "rdb_last_save_time" alone is
        // also set by a replica's sync, so the changes counter and the configured saves are what say "RDB on"
        persistence.put("rdb", info.containsKey("rdb_changes_since_last_save") ? rdbOn(redis) : null);
        facts.put("persistence", persistence);
        facts.put("used_memory_bytes", number(info.get("used_memory")));
        if (unreadable != null && info.isEmpty()) facts.put("unreadable", unreadable);
        return facts;
    }

    private static Boolean rdbOn(UnifiedJedis redis) {
        try {
            String save = redis.configGet("save").getOrDefault("save", "");
            return !save.isBlank();
        } catch (JedisException | UnsupportedOperationException e) {
            return null; // why: CONFIG is often refused to application users; unknown, not "off"
        }
    }

    private static void parse(String text, Map<String, String> into) {
        if (text == null) return;
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) into.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
    }

    private static Boolean flag(String value) {
        return value == null ? null : "1".equals(value);
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
