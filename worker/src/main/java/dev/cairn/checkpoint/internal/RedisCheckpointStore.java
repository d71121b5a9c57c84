package dev.cairn.checkpoint.internal;

import dev.cairn.api.CheckpointView;
import dev.cairn.checkpoint.CheckpointSession;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.checkpoint.StaleAttemptException;
import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.GuardedPipelines;
import dev.cairn.redis.LuaScript;
import dev.cairn.redis.RedisCircuitBreaker;
import dev.cairn.redis.RedisErrors;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisUnavailableException;
import dev.cairn.redis.ScriptGroupCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checkpoints as Redis hashes, written by Lua scripts: one {@code EVALSHA} per write whatever the
 * number of steps, the fencing token checked inside Redis, the TTL refreshed on every write. Writes that job
 * threads make at the same moment share a pipeline ({@link ScriptGroupCommit}): on a busy worker one read and one
 * write of the socket serve many writes, for Redis and for the worker, while each thread still waits for its own write's reply. The scripts'
 * arguments and replies by position: {@link BeginArgs}, {@link BeginReply}, {@link WriteArgs}, {@link CursorArgs}.
 */
public final class RedisCheckpointStore implements CheckpointStore {

    private static final LuaScript BEGIN = LuaScript.fromResource(RedisCheckpointStore.class, "checkpoint-begin.lua");
    private static final LuaScript WRITE = LuaScript.fromResource(RedisCheckpointStore.class, "checkpoint-write.lua");
    private static final LuaScript CURSOR = LuaScript.fromResource(RedisCheckpointStore.class, "checkpoint-cursor.lua");

    private final UnifiedJedis redis;
    private final ScriptGroupCommit scripts;
    private final GuardedPipelines pipelines;
    private final RedisKeys keys;
    private final long ttlMillis;
    private final Clock clock;
    private final Timer writeTimer;
    private final Counter writesOk;
    private final Counter writesStale;
    private final Counter writesFailed;

    /**
     * @param redis   the client
     * @param breaker the breaker that wraps the client's commands, which the store's pipelines pass as one call each;
     *                {@code null} for none
     */
    public RedisCheckpointStore(UnifiedJedis redis, RedisCircuitBreaker breaker, RedisKeys keys, Duration ttl, Clock clock, MeterRegistry registry) {
        this.redis = redis;
        this.scripts = new ScriptGroupCommit(redis, breaker, ScriptGroupCommit.DEFAULT_MAX_BATCH);
        this.pipelines = new GuardedPipelines(redis, breaker);
        this.keys = keys;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.writeTimer = Timer.builder(MetricNames.CHECKPOINT_WRITE_SECONDS)
                .description("Latency of one checkpoint write (one Redis round trip, shared with the writes of other job threads at the same moment)")
                .publishPercentileHistogram()
                // why: one Redis round trip is well under the default 1 ms floor, and the client gives up at 2 s
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
        this.writesOk = writes(registry, "ok");
        this.writesStale = writes(registry, "stale");
        this.writesFailed = writes(registry, "error");
    }

    private static Counter writes(MeterRegistry registry, String outcome) {
        return Counter.builder(MetricNames.CHECKPOINT_WRITES).tag(MetricNames.TAG_OUTCOME, outcome)
                .description("Checkpoint writes by outcome: ok, stale (fenced off), error (Redis unreachable or refused the write)")
                .register(registry);
    }

    @Override
    public CheckpointSession begin(String jobId, Instant jobCreated, String pipeline, List<String> steps) {
        String key = keys.checkpoint(jobId);
        Object raw;
        long now = clock.millis();
        try {
            // why: starting the first step not done yet in the same round trip makes the runner's startStep of it cost nothing
            raw = scripts.run(BEGIN, List.of(key), new BeginArgs(pipeline, steps, now, ttlMillis, true, nonce(), jobCreated).encode());
        } catch (JedisException e) {
            writesFailed.increment();
            throw RedisErrors.classify("beginning job " + jobId, e);
        }
        writesOk.increment();
        BeginReply reply = BeginReply.decode(raw);
        List<String> keyList = List.of(key);
        DefaultCheckpointSession session = new DefaultCheckpointSession(jobId, reply.checkpoint(), ttlMillis, clock, new CheckpointWriter() {
            @Override
            public Object write(List<String> args) {
                return run(WRITE, jobId, keyList, args);
            }

            @Override
            public void cursor(List<String> args) {
                run(CURSOR, jobId, keyList, args);
            }
        });
        if (reply.startedAStep()) session.preStarted(reply.startedStep(), reply.startedRuns(), now);
        return session;
    }

    private Object run(LuaScript script, String jobId, List<String> keyList, List<String> args) {
        long start = System.nanoTime();
        try {
            Object reply = scripts.run(script, keyList, args);
            writesOk.increment();
            return reply;
        } catch (JedisException e) {
            if (e instanceof JedisDataException && e.getMessage() != null && e.getMessage().startsWith("STALE")) {
                writesStale.increment();
                throw new StaleAttemptException(jobId, e.getMessage().substring("STALE ".length()));
            }
            writesFailed.increment();
            throw RedisErrors.classify("writing the checkpoint of job " + jobId, e);
        } finally {
            writeTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /**
     * 64 random bits: what tells this attempt's token from one a lost and recreated hash handed out again.
     * Uniqueness is all they need, not secrecy: a SecureRandom draw (one lock for every job thread, and a read
     * of /dev/urandom) cost more CPU than the rest of a job's begin on a busy worker.
     */
    private static String nonce() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Override
    public Optional<CheckpointView> read(String jobId) {
        Map<String, String> fields = RedisUnavailableException.during("reading the checkpoint of job " + jobId,
                () -> redis.hgetAll(keys.checkpoint(jobId)));
        if (fields.isEmpty()) return Optional.empty();
        return Optional.of(new CheckpointHash(fields).view());
    }

    @Override
    public void delete(String jobId) {
        RedisUnavailableException.during("deleting the checkpoint of job " + jobId, () -> redis.del(keys.checkpoint(jobId)));
    }

    /**
     * One pipeline of DELs: one round trip (one per node on a Cluster, where the keys live in many slots), refused
     * at once while the Redis breaker is open.
     */
    @Override
    public void deleteAll(Collection<String> jobIds) {
        if (jobIds.isEmpty()) return;
        RedisUnavailableException.during("deleting the checkpoints of " + jobIds.size() + " succeeded job(s)",
                () -> pipelines.run(pipeline -> {
                    for (String jobId : jobIds) pipeline.del(keys.checkpoint(jobId));
                    return null;
                }));
    }

    @Override
    public boolean isDurable() {
        return true;
    }
}
