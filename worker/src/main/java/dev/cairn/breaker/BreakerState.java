package dev.cairn.breaker;

/** The three states of a provider's circuit breaker, shared by every worker through Redis. */
public enum BreakerState {
    /** Calls flow; failures are counted in a time window. */
    CLOSED,
    /** Calls are refused until the recovery timeout has passed. */
    OPEN,
    /** A few trial calls, fleet-wide, decide whether to close or reopen. */
    HALF_OPEN
}
