package dev.cairn.http.internal;

import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The last hour of this worker's job attempts, minute by minute, for the console's overview: the totals of
 * {@code cairn_jobs_completed_total} (by outcome) and {@code cairn_job_queue_wait_seconds} read from the meter
 * registry every {@link #SAMPLE_EVERY_S} s and kept as one snapshot a minute (60 at most) in memory; a minute's
 * figures are the difference to the minute before. Nothing is stored: a restart starts an empty hour, and other
 * workers' attempts are in their own registries (Prometheus and Grafana have the fleet's).
 */
public final class Throughput {

    /** How often the totals are read. */
    public static final long SAMPLE_EVERY_S = 10;
    private static final int MINUTES = 60;
    private static final List<String> OUTCOMES = List.of("succeeded", "failed", "rescheduled", "fenced");

    /** The totals at one moment. */
    private record Totals(Map<String, Double> byOutcome, long waits, double waitSeconds) {
    }

    private final MeterRegistry meters;
    private final Clock clock;
    private final TreeMap<Instant, Totals> byMinute = new TreeMap<>();
    /** The totals when this worker's API started: the first minute counts from them until it leaves the hour. */
    private final Totals start;
    private boolean trimmed;

    /**
     * @param meters where the job meters are
     * @param clock  what minutes are counted on
     */
    public Throughput(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        this.start = totals();
    }

    /** Reads the totals now, as the latest snapshot of the current minute. */
    public synchronized void sample() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        byMinute.put(minute, totals());
        while (byMinute.size() > MINUTES) {
            byMinute.pollFirstEntry();
            trimmed = true;
        }
    }

    /** @return the minutes of the last hour with a snapshot before them: start, attempts by outcome, queue wait */
    synchronized Map<String, Object> lastHour() {
        sample();
        List<Map<String, Object>> minutes = new ArrayList<>();
        Map<String, Double> sums = new LinkedHashMap<>();
        // why: until the ring drops its oldest minute, that minute counts from the start, so a young worker shows its first jobs
        Totals previous = trimmed ? null : start;
        for (Map.Entry<Instant, Totals> entry : byMinute.entrySet()) {
            Totals now = entry.getValue();
            if (previous != null) {
                Map<String, Object> minute = new LinkedHashMap<>();
                minute.put("minute", entry.getKey().toString());
                for (String outcome : OUTCOMES) {
                    long delta = Math.round(now.byOutcome().getOrDefault(outcome, 0.0) - previous.byOutcome().getOrDefault(outcome, 0.0));
                    minute.put(outcome, Math.max(0, delta));
                    sums.merge(outcome, (double) Math.max(0, delta), Double::sum);
                }
                long waits = now.waits() - previous.waits();
                minute.put("started", Math.max(0, waits));
                minute.put("queue_wait_avg_s", waits > 0 ? (now.waitSeconds() - previous.waitSeconds()) / waits : null);
                minutes.add(minute);
            }
            previous = now;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        OUTCOMES.forEach(o -> totals.put(o, Math.round(sums.getOrDefault(o, 0.0))));
        body.put("totals", totals);
        body.put("minutes", minutes);
        body.put("scope", "this worker since it started, at most the last hour");
        return body;
    }

    private Totals totals() {
        Map<String, Double> byOutcome = new LinkedHashMap<>();
        for (Counter counter : meters.find(MetricNames.JOBS_COMPLETED).counters()) {
            String outcome = counter.getId().getTag(MetricNames.TAG_OUTCOME);
            if (outcome != null) byOutcome.merge(outcome, counter.count(), Double::sum);
        }
        long waits = 0;
        double seconds = 0;
        for (Timer timer : meters.find(MetricNames.JOB_QUEUE_WAIT).timers()) {
            waits += timer.count();
            seconds += timer.totalTime(TimeUnit.SECONDS);
        }
        return new Totals(byOutcome, waits, seconds);
    }
}
