package dev.cairn.checkpoint;

import dev.cairn.api.CheckpointView;
import dev.cairn.checkpoint.internal.RedisCheckpointStore;
import dev.cairn.checkpoint.internal.VolatileCheckpointStore;
import dev.cairn.redis.RedisCircuitBreaker;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs' checkpoints live. Reads never pretend there is no checkpoint when the store is
 * unreachable: they throw {@link dev.cairn.redis.RedisUnavailableException} and the job waits.
 */
public interface CheckpointStore {

    /**
     * Begins a new attempt of a job: takes a fresh fencing token (fencing off every older attempt) and
     * loads the checkpoint, in one round trip.
     *
     * @param jobId    the job
     * @param pipeline the pipeline's name
     * @param steps    the pipeline's step names, in order
     * @return the attempt's session
     */
    default CheckpointSession begin(String jobId, String pipeline, List<String> steps) {
        return begin(jobId, null, pipeline, steps);
    }

    /**
     * Begins a new attempt of a job, as {@link #begin(String, String, List)}, and tells its checkpoint from
     * an earlier job's with the same id: a checkpoint made by a job created at another time is dropped and
     * the attempt starts afresh. Ids come back when an idempotency key is submitted again after job storage
     * deleted its job, and that job's checkpoint may still be in Redis (its delete failed, or has not run yet).
     *
     * @param jobId      the job
     * @param jobCreated when job storage created it; {@code null} when unknown: any checkpoint found is its own
     * @param pipeline   the pipeline's name
     * @param steps      the pipeline's step names, in order
     * @return the attempt's session
     */
    CheckpointSession begin(String jobId, Instant jobCreated, String pipeline, List<String> steps);

    /**
     * @param jobId the job
     * @return its checkpoint, empty when none exists (never started, finished, or expired)
     */
    Optional<CheckpointView> read(String jobId);

    /**
     * Deletes a job's checkpoint (once the job SUCCEEDED and its step table is kept in job storage).
     *
     * @param jobId the job
     */
    void delete(String jobId);

    /**
     * Deletes the checkpoints of many jobs at once: the clean-up of a busy worker's succeeded jobs, one
     * round trip for all of them where each {@link #delete} costs one.
     *
     * @param jobIds the jobs
     */
    default void deleteAll(Collection<String> jobIds) {
        for (String jobId : jobIds) delete(jobId);
    }

    /** @return whether checkpoints survive the attempt (false when checkpointing is disabled) */
    boolean isDurable();

    /**
     * Checkpoints in Redis.
     *
     * @param redis    the client
     * @param keys     key names
     * @param ttl      how long a checkpoint lives after its last write
     * @param clock    time source for timestamps
     * @param registry where write counts and latencies go
     * @return the store
     */
    static CheckpointStore redis(UnifiedJedis redis, RedisKeys keys, Duration ttl, Clock clock, MeterRegistry registry) {
        return redis(redis, null, keys, ttl, clock, registry);
    }

    /**
     * Checkpoints in Redis, written through a client with a circuit breaker (the worker's): the writes that
     * job threads make at the same moment go out together in one pipeline, which passes the breaker as one call,
     * as the batched deletes of succeeded jobs' checkpoints do.
     *
     * @param redis    the client
     * @param breaker  the breaker that wraps the client's commands; {@code null} for none
     * @param keys     key names
     * @param ttl      how long a checkpoint lives after its last write
     * @param clock    time source for timestamps
     * @param registry where write counts and latencies go
     * @return the store
     */
    static CheckpointStore redis(UnifiedJedis redis, RedisCircuitBreaker breaker, RedisKeys keys, Duration ttl, Clock clock,
                                 MeterRegistry registry) {
        return new RedisCheckpointStore(redis, breaker, keys, ttl, clock, registry);
    }

    /**
     * Checkpoints that live only as long as one attempt ({@code CAIRN_TASK_CHECKPOINT_ENABLED=false}):
     * every attempt runs the whole pipeline again.
     *
     * @param clock time source for timestamps
     * @return the store
     */
    static CheckpointStore disabled(Clock clock) {
        return new VolatileCheckpointStore(clock);
    }
}
