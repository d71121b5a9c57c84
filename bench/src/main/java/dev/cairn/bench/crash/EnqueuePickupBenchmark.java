package dev.cairn.bench.crash;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code enqueue_pickup_ms}: from enqueueing a job until an idle worker has it PROCESSING, for a Cairn
 * worker (enqueued through its API, {@code POST /api/jobs}) and a plain JobRunr server (enqueued from the
 * bench with a {@code JobRequestScheduler} into its storage), read from JobRunr's jobs table by the
 * same probe on both sides. What it shows is the cost of JobRunr's poll tick: an idle server looks
 * for enqueued jobs every poll interval (5 s on both sides), so a job waits ~half of it on average.
 *
 * <p>Each side has one long-lived process and schema for all its samples. Before every enqueue the
 * worker is idle (the previous job, ~250 ms long, finished) and the bench waits a random 0–5 s: why, the
 * previous job was picked at a poll tick and ended soon after, so enqueueing right after it would
 * always land at the same point of the poll cycle (just after a tick) and the figure would
 * measure that phase, not the typical wait. Samples alternate Cairn, plain.
 */
final class EnqueuePickupBenchmark {

    /** How often the job's row is read: finer than the crash figures', as Cairn's figure should become tens of ms. */
    static final Duration POLL = Duration.ofMillis(10);
    private static final Duration PICKUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(60);

    private final List<Double> cairnMs = new ArrayList<>();
    private final List<Double> plainMs = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom();
    private CrashGroup.Settings settings;

    EnqueuePickupBenchmark run(FleetLab lab, CrashGroup.Settings settings, PrintStream log) {
        this.settings = settings;
        log.println("bench: enqueue_pickup_ms (" + settings.pickupSamples() + " pickups per side after " + settings.pickupWarmups()
                + " warm-up, interleaved, a random 0-5 s pause before each) ...");
        try (Fleet cairn = lab.cairnFleet("pickup", JobLength.SHORT); Fleet plain = lab.plainFleet("pickup", JobLength.SHORT)) {
            try {
                Fleet.Node cairnWorker = cairn.start("worker");
                Fleet.Node plainServer = plain.start("server");
                for (int i = 0; i < settings.pickupWarmups() + settings.pickupSamples(); i++) {
                    double c = pickup(lab, cairn, cairnWorker);
                    double p = pickup(lab, plain, plainServer);
                    if (i >= settings.pickupWarmups()) {
                        cairnMs.add(c);
                        plainMs.add(p);
                    }
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("enqueue_pickup_ms failed: " + e.getMessage() + "\n" + cairn.logTails() + plain.logTails(), e);
            }
        }
        log.printf(Locale.ROOT, "  pickup: Cairn median %.0f ms (min %.0f, max %.0f) | plain JobRunr median %.0f ms (min %.0f, max %.0f)%n",
                Stats.median(cairnMs), Stats.min(cairnMs), Stats.max(cairnMs),
                Stats.median(plainMs), Stats.min(plainMs), Stats.max(plainMs));
        return this;
    }

    /** One pickup on an idle {@code node}; returns once the job finished, so the node is idle again. */
    private double pickup(FleetLab lab, Fleet fleet, Fleet.Node node) {
        Await.pause(Duration.ofMillis(random.nextLong(PlainJobRunrServer.POLL_INTERVAL.toMillis())));
        long t0 = System.nanoTime();
        String job = fleet.enqueue();
        JobRunrTables.Processing processing = lab.awaitProcessing(fleet, job, node.serverId()::equals, "on the idle " + node.process().name(),
                PICKUP_TIMEOUT, POLL, node.process());
        String end = Await.until("job " + job + " to finish (" + fleet.side() + ")", FINISH_TIMEOUT, Duration.ofMillis(50),
                () -> lab.state(fleet, job).filter(s -> !s.equals("ENQUEUED") && !s.equals("PROCESSING")));
        if (!end.equals("SUCCEEDED")) throw new IllegalStateException("job " + job + " ended " + end + " (" + fleet.side() + ")");
        return (processing.nanos() - t0) / 1e6;
    }

    /** Adds {@code enqueue_pickup_ms} (ms, lower is better; informational, no target). */
    void report(Report report) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("measured", "an idle Cairn worker: POST /api/jobs of a chapter-generation job (CairnClient), until JobRunr's jobs"
                + " table shows it PROCESSING");
        extra.put("peer", "an idle plain JobRunr 8.7 server (5 s poll): JobRequestScheduler.enqueue from the bench into the same kind of"
                + " storage, until the jobs table shows it PROCESSING");
        extra.put("samples", cairnMs.size());
        extra.put("warmups", settings.pickupWarmups());
        extra.put("cairn_samples_ms", Report.round(cairnMs));
        extra.put("plain_samples_ms", Report.round(plainMs));
        extra.put("cairn_min_ms", Report.round(Stats.min(cairnMs)));
        extra.put("cairn_max_ms", Report.round(Stats.max(cairnMs)));
        extra.put("plain_min_ms", Report.round(Stats.min(plainMs)));
        extra.put("plain_max_ms", Report.round(Stats.max(plainMs)));
        extra.put("poll_ms", POLL.toMillis());
        extra.put("statistic", "median of each side's samples, taken alternately (Cairn, plain), each after a random 0-5 s pause on"
                + " an idle worker; the job's row read every " + POLL.toMillis() + " ms");
        report.add("enqueue_pickup_ms", Stats.median(cairnMs), "ms", Stats.median(plainMs), null, extra);
    }
}
