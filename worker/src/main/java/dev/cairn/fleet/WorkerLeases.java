package dev.cairn.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.fleet.internal.RedisWorkerLeases;
import dev.cairn.redis.RedisKeys;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Worker liveness leases, shared by every worker through Redis. A live worker renews its lease well
 * inside its TTL; a lease that ran out names a worker that is gone (or frozen), whose jobs any live
 * worker may hand back to the queue. Expiry is judged by Redis' clock, so skewed machine clocks do not
 * matter. A worker that stops cleanly {@linkplain #release releases} its lease: a released lease never
 * counts as expired, and neither does one Redis lost (a restart without persistence), so the only way
 * to be declared dead is to stop renewing.
 */
public interface WorkerLeases {

    /**
     * Takes or renews the lease of {@code self.serverId()}.
     *
     * @return when it expires unless renewed again, on Redis' clock
     * @throws dev.cairn.redis.RedisUnavailableException when Redis cannot be reached
     */
    Instant renew(WorkerInfo self);

    /**
     * @param max the most to return
     * @return leases that ran out and were not forgotten yet, oldest first
     * @throws dev.cairn.redis.RedisUnavailableException when Redis cannot be reached
     */
    List<ExpiredLease> expired(int max);

    /**
     * Removes an expired lease once its worker's jobs are handed back, unless the worker renewed it in
     * the meantime (it was only frozen).
     *
     * @return whether it was removed
     */
    boolean forget(ExpiredLease lease);

    /**
     * @param max the most to return
     * @return every lease, live or expired, soonest expiry first
     * @throws dev.cairn.redis.RedisUnavailableException when Redis cannot be reached
     */
    List<Lease> all(int max);

    /** Removes this worker's lease as it stops cleanly; best effort (a lease left behind simply expires). */
    void release(String serverId);

    /**
     * @param redis the client
     * @param keys  where the leases live ({@code cairn:worker:{fleet}:*})
     * @param ttl   how long a lease lives unless renewed
     * @param json  writes and reads {@link WorkerInfo}
     * @return leases kept in Redis
     */
    static WorkerLeases redis(UnifiedJedis redis, RedisKeys keys, Duration ttl, ObjectMapper json) {
        return new RedisWorkerLeases(redis, keys, ttl, json);
    }
}
