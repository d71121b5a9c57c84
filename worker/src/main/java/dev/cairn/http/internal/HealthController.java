package dev.cairn.http.internal;

import dev.cairn.http.HealthChecks;
import dev.cairn.http.HealthChecks.ComponentStatus;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code /health} probes. Job storage down = unhealthy and not ready (503): the worker can neither
 * take nor run jobs. Redis down, a nearly full disk or heap = degraded but ready: jobs wait for their
 * checkpoints instead of failing, so restarting the worker would not help. {@code /health/ready} and
 * {@code /health/startup} list every component with its status, latency and figures.
 */
public final class HealthController {

    /** The {@code service} field of {@code /health}. */
    public static final String SERVICE = "cairn-worker";

    private static final Logger log = LoggerFactory.getLogger(HealthController.class);

    private final HealthChecks health;
    private final Clock clock;
    private final String version;

    /**
     * @param health  the component checks
     * @param clock   for timestamps
     * @param version the worker's version
     */
    public HealthController(HealthChecks health, Clock clock, String version) {
        this.health = health;
        this.clock = clock;
        this.version = version;
    }

    /** @param app registers the routes */
    public void register(Javalin app) {
        app.get("/health", this::overall);
        app.get("/health/live", this::live);
        app.get("/health/ready", this::ready);
        app.get("/health/startup", this::startup);
        app.get("/health/redis", this::redis);
    }

    /** Redis in detail, for ops: 503 while it does not answer (jobs wait, nothing is lost), never a 5xx for a failing check. */
    private void redis(Context ctx) {
        HealthChecks.RedisReport report;
        try {
            report = health.redisReport();
        } catch (RuntimeException e) {
            log.warn("redis health report failed", e);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("redis_available", false);
            body.put("message", "redis check failed: " + e.getMessage());
            report = new HealthChecks.RedisReport(false, body);
        }
        Map<String, Object> body = base(report.available() ? "up" : "down");
        body.putAll(report.body());
        if (!report.available()) {
            notReady(body, "Redis does not answer: jobs wait without spending retries until it does");
            ctx.status(503);
        }
        ctx.json(body);
    }

    private void overall(Context ctx) {
        ComponentStatus storage = check("job storage", health::jobStorage);
        ComponentStatus redis = check("redis", health::redis);
        Map<String, Object> body = base(!storage.isUp() ? "unhealthy" : !redis.isUp() ? "degraded" : "healthy");
        body.put("service", SERVICE);
        body.put("version", version);
        if (!storage.isUp()) {
            notReady(body, downMessage(storage));
            ctx.status(503);
        }
        ctx.json(body);
    }

    private void live(Context ctx) {
        Map<String, Object> body = base("alive");
        body.put("service", SERVICE);
        body.put("version", version);
        ctx.json(body);
    }

    private void ready(Context ctx) {
        Components components = Components.check(health);
        Map<String, Object> body = base(!components.storage().isUp() ? "not_ready" : components.allUp() ? "ready" : "degraded");
        body.put("components", components.asJson());
        if (!components.storage().isUp()) {
            notReady(body, downMessage(components.storage()));
            ctx.status(503);
        }
        ctx.json(body);
    }

    private void startup(Context ctx) {
        boolean started;
        try {
            started = health.started();
        } catch (RuntimeException e) {
            log.warn("start-up check failed", e);
            started = false;
        }
        Map<String, Object> body = base(started ? "started" : "starting");
        body.put("components", Components.check(health).asJson());
        if (!started) {
            notReady(body, "the worker is still starting");
            ctx.status(503);
        }
        ctx.json(body);
    }

    /** Every component's check, each one isolated so a check that throws is a component that is down. */
    private record Components(ComponentStatus storage, ComponentStatus redis, ComponentStatus disk, ComponentStatus memory) {

        static Components check(HealthChecks health) {
            return new Components(HealthController.check("job storage", health::jobStorage), HealthController.check("redis", health::redis),
                    HealthController.check("disk space", health::diskSpace), HealthController.check("memory", health::memory));
        }

        boolean allUp() {
            return storage.isUp() && redis.isUp() && disk.isUp() && memory.isUp();
        }

        Map<String, Object> asJson() {
            Map<String, Object> components = new LinkedHashMap<>();
            components.put("job_storage", component(storage));
            components.put("redis", component(redis));
            components.put("disk_space", component(disk));
            components.put("memory", component(memory));
            return components;
        }
    }

    private static String downMessage(ComponentStatus storage) {
        return "job storage is down" + (storage.message() == null ? "" : ": " + storage.message());
    }

    private Map<String, Object> base(String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("timestamp", clock.instant());
        return body;
    }

    /** A failing probe also carries the error shape, for clients that read every 5xx as an API error. */
    private static void notReady(Map<String, Object> body, String message) {
        body.put("error", body.get("status"));
        body.put("message", message);
    }

    private static Map<String, Object> component(ComponentStatus status) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("status", status.status());
        c.put("latency_ms", status.latencyMs());
        if (status.message() != null) c.put("message", status.message());
        c.putAll(status.details());
        return c;
    }

    /** A check that throws is a component that is down, never a failed probe. */
    private static ComponentStatus check(String name, java.util.function.Supplier<ComponentStatus> check) {
        try {
            ComponentStatus status = check.get();
            return status != null ? status : new ComponentStatus(ComponentStatus.DOWN, 0, name + " check returned nothing");
        } catch (RuntimeException e) {
            log.warn("{} health check failed", name, e);
            return new ComponentStatus(ComponentStatus.DOWN, 0, name + " check failed: " + e.getMessage());
        }
    }
}
