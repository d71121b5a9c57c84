package dev.cairn.breaker;

import java.time.Instant;

/**
 * A breaker as one worker sees it: the fleet-wide state in Redis as of its last update.
 *
 * @param name         the provider
 * @param state        the state
 * @param version      how many transitions the breaker has made; a view with a higher version is newer
 * @param retryAt      when an OPEN breaker may half-open (or a HALF_OPEN round may start over); null when CLOSED
 * @param failureCount failures in the current window (CLOSED)
 * @param successCount trial calls that succeeded in the current round (HALF_OPEN)
 */
public record BreakerSnapshot(String name, BreakerState state, long version, Instant retryAt, int failureCount, int successCount) {

    /** @return whether calls flow */
    public boolean isHealthy() {
        return state == BreakerState.CLOSED;
    }
}
