package dev.cairn.fleet.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.fleet.ExpiredLease;
import dev.cairn.fleet.Lease;
import dev.cairn.fleet.WorkerInfo;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.redis.LuaScript;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisUnavailableException;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Leases in two keys of one Cluster slot: a sorted set server id → expiry (ms on Redis' clock), so
 * finding the expired ones is one range query however many workers there are, and a hash server id →
 * {@link WorkerInfo} JSON. Every change is one script, so a renewal and a removal never interleave.
 */
public final class RedisWorkerLeases implements WorkerLeases {

    private static final LuaScript RENEW = LuaScript.fromResource(RedisWorkerLeases.class, "lease-renew.lua");
    private static final LuaScript EXPIRED = LuaScript.fromResource(RedisWorkerLeases.class, "lease-expired.lua");
    private static final LuaScript ALL = LuaScript.fromResource(RedisWorkerLeases.class, "lease-all.lua");
    private static final LuaScript REMOVE = LuaScript.fromResource(RedisWorkerLeases.class, "lease-remove.lua");

    private final UnifiedJedis redis;
    private final List<String> keys;
    private final Duration ttl;
    private final ObjectMapper json;

    public RedisWorkerLeases(UnifiedJedis redis, RedisKeys keys, Duration ttl, ObjectMapper json) {
        this.redis = redis;
        this.keys = List.of(keys.workers("leases"), keys.workers("info"));
        this.ttl = ttl;
        this.json = json;
    }

    @Override
    public Instant renew(WorkerInfo self) {
        String info = write(self);
        Object expiry = RedisUnavailableException.during("renewing the lease of worker " + self.name(),
                () -> RENEW.run(redis, keys, List.of(self.serverId(), Long.toString(ttl.toMillis()), info)));
        return Instant.ofEpochMilli((Long) expiry);
    }

    @Override
    public List<ExpiredLease> expired(int max) {
        List<?> reply = (List<?>) RedisUnavailableException.during("looking for expired worker leases",
                () -> EXPIRED.run(redis, keys, List.of(Integer.toString(max))));
        List<ExpiredLease> leases = new ArrayList<>();
        for (int i = 1; i + 2 < reply.size(); i += 3) {
            String serverId = (String) reply.get(i);
            long expiry = (long) Double.parseDouble((String) reply.get(i + 1));
            leases.add(new ExpiredLease(serverId, Instant.ofEpochMilli(expiry), expiry, read(reply.get(i + 2))));
        }
        return leases;
    }

    @Override
    public List<Lease> all(int max) {
        List<?> reply = (List<?>) RedisUnavailableException.during("listing the worker leases",
                () -> ALL.run(redis, keys, List.of(Integer.toString(max))));
        long now = ((Number) reply.get(0)).longValue();
        List<Lease> leases = new ArrayList<>();
        for (int i = 1; i + 2 < reply.size(); i += 3) {
            long expiry = (long) Double.parseDouble((String) reply.get(i + 1));
            leases.add(new Lease((String) reply.get(i), Instant.ofEpochMilli(expiry), expiry < now, read(reply.get(i + 2))));
        }
        return leases;
    }

    @Override
    public boolean forget(ExpiredLease lease) {
        Object removed = RedisUnavailableException.during("removing the expired lease of worker " + lease.serverId(),
                () -> REMOVE.run(redis, keys, List.of(lease.serverId(), Long.toString(lease.expiryMs()))));
        return Long.valueOf(1).equals(removed);
    }

    @Override
    public void release(String serverId) {
        RedisUnavailableException.during("releasing the lease of worker " + serverId,
                () -> REMOVE.run(redis, keys, List.of(serverId, "")));
    }

    private String write(WorkerInfo info) {
        try {
            return json.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write worker info: " + e.getMessage(), e);
        }
    }

    private Optional<WorkerInfo> read(Object value) {
        if (!(value instanceof String text)) return Optional.empty();
        try {
            return Optional.of(json.readValue(text, WorkerInfo.class));
        } catch (JsonProcessingException e) {
            // why: a lease written by another version; the server id in the sorted set is what matters
            return Optional.empty();
        }
    }
}
