package dev.cairn.bench.crash;

import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.fleet.Fleet;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.fleet.FleetLab.JobLength;
import dev.cairn.bench.fleet.JobRunrTables;
import dev.cairn.bench.fleet.PlainJobRunrServer;
import dev.cairn.bench.support.Await;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code crash_recovery_restart_s} and {@code crash_recovery_peer_s}: how long a job whose worker died
 * by {@code kill -9} stays without a worker, for Cairn's workers and for plain JobRunr servers, read
 * from JobRunr's own jobs table by the same probe ({@link JobRunrTables}) on both sides.
 *
 * <ul>
 *   <li><b>restart:</b> one process runs the long job; {@code kill -9} it 1–6 s after the job's row shows
 *   PROCESSING; start a new process at once (t0 = its start); t1 = the row shows PROCESSING with a
 *   server id other than the killed one's. Includes the new process's start-up.</li>
 *   <li><b>peer:</b> process A runs the long job, process B is started next to it (so A is JobRunr's
 *   master); {@code kill -9} A 0–20 s after B is up (t0 = the kill); t1 = the row shows PROCESSING on B.</li>
 * </ul>
 *
 * Every sample has fleets of its own (fresh processes, schema and Redis key prefix), so no sample
 * meets an earlier one's dead servers or jobs. Samples are interleaved: per round, restart Cairn,
 * restart plain, peer Cairn, peer plain; both sides of a round get the same kill delay ({@link #phases}).
 */
final class CrashRecoveryBenchmark {

    /** JobRunr's poll interval on both sides: every server's heartbeat (and its processing jobs' update) comes this often. */
    static final Duration POLL_INTERVAL = PlainJobRunrServer.POLL_INTERVAL;
    /** JobRunr's server timeout (4 poll intervals), also how often each server looks for timed-out servers. */
    static final Duration SERVER_TIMEOUT = POLL_INTERVAL.multipliedBy(4);
    /** The least time a restart sample's job runs before the kill: it must be under way, past its first step. */
    static final Duration MIN_RUN = Duration.ofSeconds(1);
    /** How often the job's row is read while the clock runs: the figures' resolution. */
    static final Duration POLL = Duration.ofMillis(20);
    /** The first pickup of an idle server: one poll interval, with room for a slow machine. */
    private static final Duration PICKUP_TIMEOUT = Duration.ofSeconds(30);
    /** Plain JobRunr recoveries take 30-50 s here (Cairn's 5-10 s); one beyond this is a failure, not a figure. */
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(150);

    private enum Scenario { RESTART, PEER }

    private final Map<Scenario, List<Double>> cairn = new EnumMap<>(Scenario.class);
    private final Map<Scenario, List<Double>> plain = new EnumMap<>(Scenario.class);
    private final Map<Scenario, List<Double>> killDelays = new EnumMap<>(Scenario.class);

    CrashRecoveryBenchmark run(FleetLab lab, CrashGroup.Settings settings, PrintStream log) {
        int rounds = settings.crashSamples();
        log.println("bench: crash_recovery_restart_s, crash_recovery_peer_s (" + rounds
                + " samples per side, interleaved; Cairn's recoveries take ~5-10 s, plain JobRunr's ~30-50 s) ...");
        SplittableRandom random = new SplittableRandom();
        Map<Scenario, double[]> phases = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            cairn.put(s, new ArrayList<>());
            plain.put(s, new ArrayList<>());
            killDelays.put(s, new ArrayList<>());
            phases.put(s, phases(rounds, random));
        }
        for (int round = 0; round < rounds; round++) {
            for (Scenario scenario : Scenario.values()) {
                Duration delay = scenario == Scenario.RESTART
                        ? MIN_RUN.plus(fraction(POLL_INTERVAL, phases.get(scenario)[round]))
                        : fraction(SERVER_TIMEOUT, phases.get(scenario)[round]);
                killDelays.get(scenario).add(delay.toMillis() / 1e3);
                String label = scenario.name().toLowerCase(Locale.ROOT) + "-" + (round + 1);
                double c = sample(lab.cairnFleet(label, JobLength.LONG), lab, scenario, delay);
                cairn.get(scenario).add(c);
                double p = sample(lab.plainFleet(label, JobLength.LONG), lab, scenario, delay);
                plain.get(scenario).add(p);
                log.printf(Locale.ROOT, "  %-7s round %d (kill delay %5.2f s): Cairn %6.2f s | plain JobRunr %6.2f s%n",
                        scenario.name().toLowerCase(Locale.ROOT), round + 1, delay.toMillis() / 1e3, c, p);
            }
        }
        return this;
    }

    /**
     * @return one fraction in [0, 1) per round, stratified (one in each n-th of the range) and shuffled.
     * Why random at all: JobRunr's recovery depends on where the kill falls in its cycles, the victim's
     * heartbeat every poll interval and (peer) the survivor's timed-out-server check every 20 s counted
     * from its start; a fixed delay after a fixed event gives every sample the same phase. A first
     * version killed 1.5 s after the same events on both sides: Cairn's worker starts ~1 s slower than
     * the plain server, which put every Cairn kill just after the victim's next heartbeat and every plain
     * one just before it, so the survivor's first check missed the dead master on Cairn's side only:
     * Cairn 49 s in 3 of 3 peer samples, plain 29.5 s in 3 of 3, a difference of phase, not of the
     * code. Why stratified and shared by both sides of a round: with 3 samples a side, plain random
     * delays could give one side mostly early phases and the other mostly late ones.
     */
    static double[] phases(int rounds, SplittableRandom random) {
        double[] phases = new double[rounds];
        for (int i = 0; i < rounds; i++) phases[i] = (i + random.nextDouble()) / rounds;
        for (int i = rounds - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double t = phases[i];
            phases[i] = phases[j];
            phases[j] = t;
        }
        return phases;
    }

    private static Duration fraction(Duration whole, double fraction) {
        return Duration.ofMillis(Math.round(whole.toMillis() * fraction));
    }

    /** One sample in its own fleet, which is closed (processes killed, schema dropped) whatever happens. */
    private static double sample(Fleet fleet, FleetLab lab, Scenario scenario, Duration killDelay) {
        try (fleet) {
            return scenario == Scenario.RESTART ? restart(fleet, lab, killDelay) : peer(fleet, lab, killDelay);
        } catch (RuntimeException e) {
            throw new IllegalStateException(fleet.side() + " " + scenario.name().toLowerCase(Locale.ROOT) + " sample failed: "
                    + e.getMessage() + "\n" + fleet.logTails(), e);
        }
    }

    private static double restart(Fleet fleet, FleetLab lab, Duration killDelay) {
        Fleet.Node a = fleet.start("a");
        String job = fleet.enqueue();
        lab.awaitProcessing(fleet, job, a.serverId()::equals, "on " + a.process().name(), PICKUP_TIMEOUT, POLL, a.process());
        Await.pause(killDelay);
        checkStillOn(fleet, lab, job, a);
        a.process().kill9();
        long t0 = System.nanoTime();
        ChildProcess b = fleet.launch("b");
        JobRunrTables.Processing again = lab.awaitProcessing(fleet, job, id -> !id.equals(a.serverId()),
                "again on a server other than the killed one", RECOVERY_TIMEOUT, POLL, b);
        return (again.nanos() - t0) / 1e9;
    }

    /**
     * A is started first, so it is JobRunr's master (the longest-running server), and B only once A has
     * the job. Why not start both and kill whichever took the job: which one polls first is chance, and
     * the role changes the figure: a dead master must first be timed out as a server by the survivor's
     * own check (every 20 s from its start) before the survivor becomes master and looks for orphaned
     * jobs; a dead non-master's job is found by the living master once the job's last update is 20 s
     * old. With chance choosing, three samples compare whatever mix of roles each side drew. Killing the
     * master every time compares like with like, and is the slower case for both.
     */
    private static double peer(Fleet fleet, FleetLab lab, Duration killDelay) {
        Fleet.Node a = fleet.start("a");
        String job = fleet.enqueue();
        lab.awaitProcessing(fleet, job, a.serverId()::equals, "on " + a.process().name(), PICKUP_TIMEOUT, POLL, a.process());
        Fleet.Node b = fleet.start("b");
        Await.pause(killDelay);
        checkStillOn(fleet, lab, job, a);
        long t0 = System.nanoTime();
        a.process().kill9();
        JobRunrTables.Processing again = lab.awaitProcessing(fleet, job, id -> !id.equals(a.serverId()),
                "on the surviving " + b.process().name(), RECOVERY_TIMEOUT, POLL, b.process());
        if (!again.serverId().equals(b.serverId())) {
            throw new IllegalStateException("job " + job + " moved to server " + again.serverId() + ", not to the survivor " + b.serverId());
        }
        return (again.nanos() - t0) / 1e9;
    }

    /** The kill must hit the job while it runs, or the sample measures something else. */
    private static void checkStillOn(Fleet fleet, FleetLab lab, String job, Fleet.Node node) {
        lab.awaitProcessing(fleet, job, node.serverId()::equals, "still on " + node.process().name() + " just before the kill",
                Duration.ZERO, POLL, node.process());
    }

    void report(Report report) {
        add(report, "crash_recovery_restart_s", Scenario.RESTART,
                "kill -9 of the only worker 1-6 s into a 100 s chapter-generation job, a new worker process started at once;"
                        + " from that start until JobRunr's jobs table shows the job PROCESSING on the new worker's server id",
                "plain JobRunr 8.7 (PlainJobRunrServer: BackgroundJobServer, default filters, 5 s poll) running a 120 s"
                        + " JobRequest, measured the same way", "after the job's row showed PROCESSING");
        add(report, "crash_recovery_peer_s", Scenario.PEER,
                "two worker processes A and B, A started first (JobRunr's master) and running the 100 s chapter-generation job;"
                        + " kill -9 of A 0-20 s after B is up; from the kill until the jobs table shows the job PROCESSING on B's server id",
                "two plain JobRunr 8.7 server processes, the same 120 s JobRequest, measured the same way", "after B was up");
    }

    private void add(Report report, String name, Scenario scenario, String measured, String peer, String delayFrom) {
        List<Double> c = cairn.get(scenario);
        List<Double> p = plain.get(scenario);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("measured", measured);
        extra.put("peer", peer);
        extra.put("samples", c.size());
        extra.put("cairn_samples_s", Report.round(c));
        extra.put("plain_samples_s", Report.round(p));
        extra.put("kill_delays_s", Report.round(killDelays.get(scenario)));
        extra.put("kill_delay_from", delayFrom);
        extra.put("cairn_min_s", Report.round(Stats.min(c)));
        extra.put("cairn_max_s", Report.round(Stats.max(c)));
        extra.put("plain_min_s", Report.round(Stats.min(p)));
        extra.put("plain_max_s", Report.round(Stats.max(p)));
        extra.put("poll_ms", POLL.toMillis());
        extra.put("statistic", "median of each side's samples, taken alternately (Cairn, plain) with fresh processes and schema per"
                + " sample, both sides of a round killed after the same stratified random delay; the job's row read every "
                + POLL.toMillis() + " ms");
        report.add(name, Stats.median(c), "s", Stats.median(p), "<= 10 s", extra);
    }
}
