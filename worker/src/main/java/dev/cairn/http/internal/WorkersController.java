package dev.cairn.http.internal;

import dev.cairn.fleet.Lease;
import dev.cairn.fleet.WorkerInfo;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.RedisUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/workers}: the fleet as its leases in Redis show it (server id, name, running jobs, last renewal,
 * lease expiry, expired or not), and how many jobs of dead workers this worker handed back to the queue
 * ({@code cairn_jobs_reclaimed_total}). Redis down is 503: the leases live nowhere else.
 */
public final class WorkersController {

    /** The most leases listed. */
    static final int MAX = 500;

    private final Optional<WorkerLeases> leases;
    private final MeterRegistry meters;

    /**
     * @param leases the fleet's leases; empty when this API has none to read (tests)
     * @param meters where the reclaim counter lives
     */
    public WorkersController(Optional<WorkerLeases> leases, MeterRegistry meters) {
        this.leases = leases;
        this.meters = meters;
    }

    /** @param app registers the route */
    public void register(Javalin app) {
        app.get("/api/workers", this::list);
    }

    private void list(Context ctx) {
        DlqParams.of(ctx, DlqParams.NONE);
        List<Lease> all;
        try {
            all = leases.map(l -> l.all(MAX)).orElse(List.of());
        } catch (RedisUnavailableException e) {
            throw new ApiException(503, ErrorCodes.UNAVAILABLE, "Redis, where the workers' leases live, does not answer: " + e.getMessage());
        }
        List<Map<String, Object>> workers = new ArrayList<>();
        for (Lease lease : all) {
            Map<String, Object> worker = new LinkedHashMap<>();
            worker.put("server_id", lease.serverId());
            worker.put("name", lease.info().map(WorkerInfo::name).orElse(null));
            worker.put("running_jobs", lease.info().map(WorkerInfo::jobs).orElse(List.of()));
            worker.put("renewed_at", lease.info().map(i -> Instant.ofEpochMilli(i.renewedAt()).toString()).orElse(null));
            worker.put("lease_expires_at", lease.expiresAt().toString());
            worker.put("expired", lease.expired());
            workers.add(worker);
        }
        Counter reclaimed = meters.find(MetricNames.JOBS_RECLAIMED).counter();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workers", workers);
        body.put("reclaimed_by_this_worker", reclaimed == null ? 0 : (long) reclaimed.count());
        ctx.json(body);
    }
}
