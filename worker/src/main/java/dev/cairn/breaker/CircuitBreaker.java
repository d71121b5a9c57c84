package dev.cairn.breaker;

/**
 * One provider's circuit breaker, its state shared by every worker through Redis.
 *
 * <p>In CLOSED, asking for a permit and reporting a success cost no Redis round trip: each worker
 * keeps a local view that every transition updates through a Redis notification (and a periodic
 * refresh). Failures, trial permits and operator actions go to Redis, where the transitions of
 * {@link Transition} happen atomically.
 */
public interface CircuitBreaker {

    /** @return the provider's name */
    String name();

    /**
     * @return leave to make one call
     * @throws BreakerOpenException when the breaker refuses the call
     */
    Permit tryAcquire();

    /**
     * Refuses at once, without a Redis round trip, when this worker already knows the breaker is OPEN and
     * not yet due to half-open; lets a caller skip work a refusal would waste (a rate-limit permit).
     *
     * @throws BreakerOpenException when this worker's view refuses calls now
     */
    void rejectIfKnownOpen();

    /** Reports a call that succeeded. */
    void onSuccess(Permit permit);

    /** Reports a call that failed in a way that counts against the provider (timeout, 429, 5xx, bad reply). */
    void onFailure(Permit permit);

    /**
     * Gives back a permit whose call was never made or ended without saying anything about the provider
     * (interrupted, the reply's reader failed on its own): a trial permit's place in its half-open round is
     * freed for another call, so the round need not wait for its timeout. Every permit must end in exactly
     * one of {@link #onSuccess}, {@link #onFailure} or this.
     */
    void release(Permit permit);

    /** @return the breaker as this worker sees it, without a Redis round trip */
    BreakerSnapshot snapshot();

    /** @return the breaker as Redis holds it now (one round trip); also refreshes this worker's view */
    BreakerSnapshot refresh();

    /** Closes the breaker and clears its failures, for every worker. */
    BreakerSnapshot reset();

    /** Opens the breaker now, for every worker. */
    BreakerSnapshot forceOpen();
}
