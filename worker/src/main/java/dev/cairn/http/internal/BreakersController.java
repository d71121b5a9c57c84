package dev.cairn.http.internal;

import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.CircuitBreakerRegistry;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The providers' circuit breakers: {@code GET /health/circuit-breakers}, {@code GET /api/circuit-breakers},
 * {@code POST /api/circuit-breakers/{name}/reset} and {@code …/force-open}. Reads ask Redis for the
 * fleet-wide state; when Redis cannot be reached they show this worker's view.
 */
public final class BreakersController {

    private final CircuitBreakerRegistry breakers;
    private final Clock clock;

    /**
     * @param breakers the worker's breakers
     * @param clock    for timestamps
     */
    public BreakersController(CircuitBreakerRegistry breakers, Clock clock) {
        this.breakers = breakers;
        this.clock = clock;
    }

    /** @param app registers the routes */
    public void register(Javalin app) {
        app.get("/health/circuit-breakers", this::health);
        app.get("/api/circuit-breakers", this::list);
        app.post("/api/circuit-breakers/{name}/reset", ctx -> act(ctx, CircuitBreaker::reset));
        app.post("/api/circuit-breakers/{name}/force-open", ctx -> act(ctx, CircuitBreaker::forceOpen));
    }

    private void health(Context ctx) {
        List<BreakerSnapshot> all = current();
        Map<String, Object> byName = new LinkedHashMap<>();
        all.forEach(s -> byName.put(s.name(), describe(s)));
        long open = count(all, BreakerState.OPEN);
        long halfOpen = count(all, BreakerState.HALF_OPEN);
        long closed = count(all, BreakerState.CLOSED);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_breakers", all.size());
        summary.put("open_circuits", open);
        summary.put("half_open_circuits", halfOpen);
        summary.put("closed_circuits", closed);
        summary.put("all_healthy", closed == all.size());
        Map<String, Object> body = new LinkedHashMap<>();
        // why: an open breaker is the worker protecting itself, not the worker failing; jobs wait
        body.put("status", closed == all.size() ? "healthy" : closed == 0 && !all.isEmpty() ? "unhealthy" : "degraded");
        body.put("timestamp", clock.instant().toString());
        body.put("circuit_breakers", byName);
        body.put("summary", summary);
        ctx.json(body);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (BreakerSnapshot s : current()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", s.name());
            entry.putAll(describe(s));
            entries.add(entry);
        }
        ctx.json(Map.of("circuit_breakers", entries));
    }

    private void act(Context ctx, Function<CircuitBreaker, BreakerSnapshot> action) {
        String name = ctx.pathParam("name");
        CircuitBreaker breaker = breakers.find(name).orElseThrow(() -> new ApiException(404, ErrorCodes.NOT_FOUND,
                "no circuit breaker named '" + name + "'; the providers are " + names()));
        BreakerSnapshot after = action.apply(breaker);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", after.name());
        body.putAll(describe(after));
        ctx.json(body);
    }

    private List<BreakerSnapshot> current() {
        List<BreakerSnapshot> all = new ArrayList<>();
        for (CircuitBreaker breaker : breakers.all()) {
            BreakerSnapshot snapshot;
            try {
                snapshot = breaker.refresh();
            } catch (RuntimeException redisDown) {
                snapshot = breaker.snapshot();
            }
            all.add(snapshot);
        }
        return all;
    }

    private static Map<String, Object> describe(BreakerSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().name());
        m.put("failure_count", s.failureCount());
        m.put("success_count", s.successCount());
        m.put("healthy", s.isHealthy());
        m.put("retry_at", s.retryAt() == null ? null : s.retryAt().toString());
        m.put("transitions", Math.max(0, s.version()));
        return m;
    }

    private static long count(List<BreakerSnapshot> all, BreakerState state) {
        return all.stream().filter(s -> s.state() == state).count();
    }

    private String names() {
        return String.join(", ", breakers.all().stream().map(CircuitBreaker::name).toList());
    }
}
