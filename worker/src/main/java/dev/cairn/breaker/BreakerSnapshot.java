package dev.cairn.breaker;

import java.time.Instant;

/**
 * A breaker as one worker sees it: the fleet-wide state in Redis as of its last update.
 *
 * @param name         the provider
 * @param state        the state
 * @param epoch        the identity of the state in Redis, renewed (to a larger value) whenever Redis lost it or
 *                     rolled it back; 0 before this worker heard from Redis
 * @param version      how many transitions the breaker has made in this epoch
 * @param retryAt      when an OPEN breaker may half-open (or a HALF_OPEN round may start over), on Redis' clock;
 *                     null when CLOSED
 * @param failureCount failures in the current window (CLOSED)
 * @param successCount trial calls that succeeded in the current round (HALF_OPEN)
 */
public record BreakerSnapshot(String name, BreakerState state, long epoch, long version, Instant retryAt, int failureCount,
                              int successCount) {

    /** @return whether calls flow */
    public boolean isHealthy() {
        return state == BreakerState.CLOSED;
    }

    /**
     * @param other another view of the same breaker
     * @return whether this view comes after {@code other}: a later epoch, or the same epoch and a higher version
     */
    public boolean isNewerThan(BreakerSnapshot other) {
        return epoch != other.epoch ? epoch > other.epoch : version > other.version;
    }
}
