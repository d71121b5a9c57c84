package dev.cairn.breaker;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every legal transition of a circuit breaker, in one place. They happen only inside
 * {@code breaker.lua}, atomically in Redis; the script reports each one it makes by name, and this is
 * the list of names it may report.
 */
public enum Transition {
    /** {@code FAILURE_THRESHOLD} failures within {@code FAILURE_WINDOW}. */
    TRIP(BreakerState.CLOSED, BreakerState.OPEN),
    /** {@code RECOVERY_TIMEOUT} has passed since it opened: the next call request starts a probe. */
    PROBE(BreakerState.OPEN, BreakerState.HALF_OPEN),
    /** {@code HALF_OPEN_MAX_CALLS} trial calls succeeded. */
    RECOVER(BreakerState.HALF_OPEN, BreakerState.CLOSED),
    /** One trial call failed. */
    RETRIP(BreakerState.HALF_OPEN, BreakerState.OPEN),
    /** An operator reset it ({@code POST /api/circuit-breakers/{name}/reset}). */
    RESET_FROM_OPEN(BreakerState.OPEN, BreakerState.CLOSED),
    /** An operator reset it while it was probing. */
    RESET_FROM_HALF_OPEN(BreakerState.HALF_OPEN, BreakerState.CLOSED),
    /** An operator forced it open ({@code …/force-open}). */
    FORCE_OPEN_FROM_CLOSED(BreakerState.CLOSED, BreakerState.OPEN),
    /** An operator forced it open while it was probing. */
    FORCE_OPEN_FROM_HALF_OPEN(BreakerState.HALF_OPEN, BreakerState.OPEN);

    private final BreakerState from;
    private final BreakerState to;

    Transition(BreakerState from, BreakerState to) {
        this.from = from;
        this.to = to;
    }

    /** @return the state it leaves */
    public BreakerState from() {
        return from;
    }

    /** @return the state it enters */
    public BreakerState to() {
        return to;
    }

    /**
     * @param name a transition name as the script reports it
     * @return the transition, empty for an unknown name
     */
    public static Optional<Transition> named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }
}
