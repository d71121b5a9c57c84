package dev.cairn.http;

/**
 * Checks of the components the worker depends on, for the {@code /health/*} probes.
 */
public interface HealthChecks {

    /** @return whether start-up has finished (job storage migrated, Redis reachable once, server started) */
    boolean started();

    /** @return job storage (PostgreSQL or H2): down makes the worker not ready */
    ComponentStatus jobStorage();

    /** @return Redis: down makes the worker {@code degraded} but still ready */
    ComponentStatus redis();

    /** @return free space where the data dir lives: {@code low} makes the worker {@code degraded} */
    ComponentStatus diskSpace();

    /** @return the JVM heap: {@code low} (nearly full) makes the worker {@code degraded} */
    ComponentStatus memory();

    /**
     * @return what {@code GET /health/redis} shows (200 when {@link RedisReport#available()}, else 503); this default
     *         has only what {@link #redis()} says, a worker adds its mode, breaker, degraded features and server facts
     */
    default RedisReport redisReport() {
        ComponentStatus redis = redis();
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("redis_available", redis.isUp());
        body.put("latency_ms", redis.latencyMs());
        if (redis.message() != null) body.put("message", redis.message());
        return new RedisReport(redis.isUp(), body);
    }

    /**
     * @param available whether Redis answers (PING and a script) and its client's breaker is closed
     * @param body      the JSON body, in order
     */
    record RedisReport(boolean available, java.util.Map<String, Object> body) {
    }

    /**
     * @param status    {@code up}, {@code low} (a resource running out) or {@code down}
     * @param latencyMs how long the check took
     * @param message   why it is not up; {@code null} when up
     * @param details   figures behind the status (bytes free, heap used, …); empty when none
     */
    record ComponentStatus(String status, long latencyMs, String message, java.util.Map<String, Object> details) {
        public static final String UP = "up";
        public static final String LOW = "low";
        public static final String DOWN = "down";

        /** Copies the details. */
        public ComponentStatus {
            details = details == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }

        /** A status without details. */
        public ComponentStatus(String status, long latencyMs, String message) {
            this(status, latencyMs, message, null);
        }

        public boolean isUp() {
            return UP.equals(status);
        }
    }
}
