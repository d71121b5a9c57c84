package dev.cairn.bench.checkpoint;

import dev.cairn.bench.support.BenchRedis;
import dev.cairn.checkpoint.CheckpointSession;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.RedisClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code checkpoint_write}: one cursor checkpoint, {@link CheckpointSession#saveCursor} on a
 * {@code RedisCheckpointStore} session (the real {@code checkpoint-cursor.lua}: fencing-token check,
 * HSET, PEXPIRE in one EVALSHA, plus the session's mirror and the write metrics), against its peer: a
 * plain Jedis {@code HSET} of the same three fields on a hash of the same key shape and size, one round
 * trip, no script. Both use the same pooled client.
 *
 * <p>Four hashes are first filled like real checkpoints, two of 10 steps and two of 100 (every step but
 * the last completed with an output, the last one running); every write goes to the last step. The
 * benchmark then cycles through the four writes, op by op: Cairn at 10 steps, raw HSET at 10, Cairn at
 * 100, raw HSET at 100, timing each with {@code System.nanoTime} into {@link Split}. So the four are
 * measured interleaved in the same thread, microseconds apart: on a small VM where a round trip costs
 * ~22 us or ~75 us depending on whether the scheduler keeps client and redis-server on the same CPU,
 * each of them sees the same conditions, and the ratios hold whatever the absolute times. (Measured in
 * separate forks instead, a plain median swung from 0.97 to 1.32 between two runs of the same code.)
 * The JMH primary score is the mean of the four; the figures come from the {@link Split} counters.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class CheckpointWriteBenchmark {

    /** Time and count of each kind of write in the current iteration (JMH reports them per iteration). */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Split {
        public long cairn10Nanos;
        public long cairn10Ops;
        public long raw10Nanos;
        public long raw10Ops;
        public long cairn100Nanos;
        public long cairn100Ops;
        public long raw100Nanos;
        public long raw100Ops;

        @Setup(Level.Iteration)
        public void reset() {
            cairn10Nanos = cairn10Ops = raw10Nanos = raw10Ops = 0;
            cairn100Nanos = cairn100Ops = raw100Nanos = raw100Ops = 0;
        }
    }

    private RedisClient redis;
    private CheckpointStore store;
    private final List<String> keysToDelete = new ArrayList<>();
    private Target cairn10;
    private Target cairn100;
    private Target raw10;
    private Target raw100;
    private int next;
    private int cursor;

    /** A hash written to: its key, the running step, the session (Cairn) and the cursor field (raw). */
    private record Target(String key, String step, CheckpointSession session, String cursorField) {
    }

    @Setup(Level.Trial)
    public void setUp() {
        redis = RedisConnections.connect(BenchRedis.urlInFork());
        RedisKeys keys = RedisKeys.withPrefix(BenchRedis.prefixInFork());
        store = CheckpointStore.redis(redis, keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
        String run = ProcessHandle.current().pid() + "-" + System.nanoTime();
        cairn10 = fill(keys, "ckpt-cairn-10-" + run, 10);
        raw10 = fill(keys, "ckpt-raw-10-" + run, 10); // the peer writes to a hash of the same shape and size
        cairn100 = fill(keys, "ckpt-cairn-100-" + run, 100);
        raw100 = fill(keys, "ckpt-raw-100-" + run, 100);
    }

    private Target fill(RedisKeys keys, String jobId, int steps) {
        List<String> names = new ArrayList<>(steps);
        for (int i = 1; i <= steps; i++) names.add(String.format("step-%03d", i));
        String last = names.get(steps - 1);
        CheckpointSession session = store.begin(jobId, "bench-" + steps + "-steps", names);
        for (int i = 0; i < steps - 1; i++) {
            session.startStep(names.get(i));
            session.finishStep(names.get(i), false, "{\"pages\":300,\"title\":\"A Test Document\"}", 100.0 * (i + 1) / steps,
                    names.get(i + 1));
        }
        session.startStep(last);
        session.saveCursor(last, "0", 99.0);
        String key = keys.checkpoint(jobId);
        keysToDelete.add(key);
        return new Target(key, last, session, "s." + last + ".cursor"); // the field checkpoint-cursor.lua sets
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            redis.del(keysToDelete.toArray(String[]::new));
        } finally {
            redis.close();
        }
    }

    /** One write per call, cycling Cairn 10 steps, raw 10, Cairn 100, raw 100. */
    @Benchmark
    public void interleavedWrites(Split split) {
        long start = System.nanoTime();
        switch (next++ & 3) {
            case 0 -> {
                cairn(cairn10);
                split.cairn10Nanos += System.nanoTime() - start;
                split.cairn10Ops++;
            }
            case 1 -> {
                raw(raw10);
                split.raw10Nanos += System.nanoTime() - start;
                split.raw10Ops++;
            }
            case 2 -> {
                cairn(cairn100);
                split.cairn100Nanos += System.nanoTime() - start;
                split.cairn100Ops++;
            }
            default -> {
                raw(raw100);
                split.raw100Nanos += System.nanoTime() - start;
                split.raw100Ops++;
            }
        }
    }

    /** Cairn: the real cursor checkpoint. */
    private void cairn(Target target) {
        target.session().saveCursor(target.step(), Integer.toString(++cursor), 42.0);
    }

    /** Peer: the same three fields with one raw HSET. */
    private void raw(Target target) {
        redis.hset(target.key(), Map.of(
                target.cursorField(), Integer.toString(++cursor),
                "progress", "42.0",
                "updated_at", Long.toString(System.currentTimeMillis())));
    }
}
