package dev.cairn.http.internal;

import dev.cairn.jobs.JobService;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/overview}: the figures of the console's first page that no other endpoint has: jobs by state
 * (JobRunr's statistics) and by type (the newest of each active state), and this worker's last hour of attempts
 * and queue wait ({@link Throughput}). The DLQ and the breakers have their own endpoints ({@code /health/dlq},
 * {@code /api/circuit-breakers}).
 */
public final class OverviewController {

    private final JobService jobs;
    private final Throughput throughput;
    private final Clock clock;

    /**
     * @param jobs       counts the jobs
     * @param throughput the last hour of attempts
     * @param clock      for the timestamp
     */
    public OverviewController(JobService jobs, Throughput throughput, Clock clock) {
        this.jobs = jobs;
        this.throughput = throughput;
        this.clock = clock;
    }

    /** @param app registers the route */
    public void register(Javalin app) {
        app.get("/api/overview", this::overview);
    }

    private void overview(Context ctx) {
        DlqParams.of(ctx, DlqParams.NONE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", clock.instant().toString());
        body.put("jobs", jobs.counts());
        body.put("last_hour", throughput.lastHour());
        ctx.json(body);
    }
}
