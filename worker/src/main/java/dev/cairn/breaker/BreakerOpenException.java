package dev.cairn.breaker;

import dev.cairn.api.CairnException;

import java.time.Instant;

/** A call refused by an open breaker (or a half-open one whose trial calls are all taken). */
public final class BreakerOpenException extends CairnException {

    private final String breaker;
    private final Instant retryAt;

    /**
     * @param breaker the provider
     * @param state   its state
     * @param retryAt when a call may be admitted again, on this worker's clock
     */
    public BreakerOpenException(String breaker, BreakerState state, Instant retryAt) {
        super("the circuit breaker of provider '" + breaker + "' is " + state + " until " + retryAt, true);
        this.breaker = breaker;
        this.retryAt = retryAt;
    }

    /** @return the provider */
    public String breaker() {
        return breaker;
    }

    /** @return when a call may be admitted again, on this worker's clock */
    public Instant retryAt() {
        return retryAt;
    }
}
