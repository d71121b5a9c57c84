package dev.cairn.bench.chaos;

import dev.cairn.bench.support.Await;
import redis.clients.jedis.RedisClient;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The kill phase: every {@code killEvery}, a {@code kill -9} of a random worker that is up, and a new
 * worker process in its slot at once. A kill is skipped when it would leave no worker up (the API must
 * stay reachable and the jobs must keep moving).
 *
 * <p>Right after each kill (the process is gone, so nothing it ran can change any more, and no other
 * worker takes its jobs before its lease runs out, 4–6 s later) it records which jobs JobRunr's table
 * shows PROCESSING on the dead server, and for each the step its checkpoint shows in flight with its
 * {@code runs}: the audit allows that step one more start per such kill, and nothing else.
 */
final class ChaosMonkey {

    /**
     * A job the kill hit.
     *
     * @param jobId  the job
     * @param step   the checkpoint's {@code current} step after the kill; null when no step had started yet
     * @param status that step's status: {@code running} when the kill interrupted it
     * @param runs   that step's {@code runs} after the kill
     */
    record Hit(String jobId, String step, String status, int runs) {
        boolean interruptedStep() {
            return step != null && "running".equals(status);
        }
    }

    /**
     * One kill.
     *
     * @param number   from 1
     * @param worker   the incarnation killed, e.g. {@code w2.1}
     * @param serverId its JobRunr server id
     * @param at       just before SIGKILL was sent
     * @param hits     the jobs it was running
     */
    record Kill(int number, String worker, String serverId, Instant at, List<Hit> hits) {
    }

    private static final Duration TICK = Duration.ofMillis(100);

    private final ChaosFleet fleet;
    private final ChaosProbe probe;
    private final RedisClient redis;
    private final String keyPrefix;
    private final SplittableRandom random;
    private final PrintStream log;
    private final List<Kill> kills = new ArrayList<>();
    private int skipped;
    private boolean endedEarly;

    ChaosMonkey(ChaosFleet fleet, ChaosProbe probe, RedisClient redis, String keyPrefix, long seed, PrintStream log) {
        this.fleet = fleet;
        this.probe = probe;
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.random = new SplittableRandom(seed);
        this.log = log;
    }

    /**
     * Kills for {@code phase}, or until {@code allDone} (asked every 2 s) says every job has finished.
     *
     * @return the kills, in order
     */
    List<Kill> run(Duration phase, Duration killEvery, BooleanSupplier allDone) throws SQLException {
        long start = System.nanoTime();
        long end = start + phase.toNanos();
        long nextKill = start + killEvery.toNanos();
        long nextDoneCheck = start + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() - end < 0) {
            fleet.poll();
            long now = System.nanoTime();
            if (now - nextKill >= 0) {
                killOne(start);
                nextKill += killEvery.toNanos();
            }
            if (now - nextDoneCheck >= 0) {
                nextDoneCheck = now + Duration.ofSeconds(2).toNanos();
                if (allDone.getAsBoolean()) {
                    endedEarly = true;
                    log.printf(Locale.ROOT, "chaos: every job finished %.0f s into the kill phase; the kills stop%n", (now - start) / 1e9);
                    break;
                }
            }
            Await.pause(TICK);
        }
        return List.copyOf(kills);
    }

    private void killOne(long start) throws SQLException {
        List<Integer> up = fleet.upSlots();
        if (up.size() < 2) {
            skipped++;
            return;
        }
        int slot = up.get(random.nextInt(up.size()));
        ChaosFleet.Worker victim = fleet.worker(slot);
        Instant at = Instant.now();
        victim.process.kill9();
        List<Hit> hits = new ArrayList<>();
        for (String job : probe.processingOn(victim.serverId)) hits.add(inFlight(job));
        ChaosFleet.Worker next = fleet.launch(slot);
        Kill kill = new Kill(kills.size() + 1, victim.name, victim.serverId, at, List.copyOf(hits));
        kills.add(kill);
        long interrupted = hits.stream().filter(Hit::interruptedStep).count();
        log.printf(Locale.ROOT, "chaos: %5.1f s kill %2d: %s ran %d job(s), %d in a step; %s started%n",
                (System.nanoTime() - start) / 1e9, kill.number(), victim.name, hits.size(), interrupted, next.name);
    }

    /** What the job's checkpoint says about the step in flight, read from Redis right after the kill. */
    private Hit inFlight(String jobId) {
        String key = keyPrefix + "ckpt:{" + jobId + "}";
        String current = redis.hget(key, "current");
        if (current == null || current.isEmpty()) return new Hit(jobId, null, null, 0);
        List<String> fields = redis.hmget(key, "s." + current + ".status", "s." + current + ".runs");
        int runs = fields.get(1) == null ? 0 : Integer.parseInt(fields.get(1));
        return new Hit(jobId, current, fields.get(0), runs);
    }

    /** @return kills not made because they would have left no worker up */
    int skipped() {
        return skipped;
    }

    /** @return whether the kill phase stopped early because every job had finished */
    boolean endedEarly() {
        return endedEarly;
    }
}
