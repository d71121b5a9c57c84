package dev.cairn.jobs;

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

    /**
     * @param status    {@code up} or {@code down}
     * @param latencyMs how long the check took
     * @param message   why it is down; {@code null} when up
     */
    record ComponentStatus(String status, long latencyMs, String message) {
        public static final String UP = "up";
        public static final String DOWN = "down";

        public boolean isUp() {
            return UP.equals(status);
        }
    }
}
