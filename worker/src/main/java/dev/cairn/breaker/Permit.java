package dev.cairn.breaker;

/**
 * Leave to make one call through a breaker; report its outcome with
 * {@link CircuitBreaker#onSuccess(Permit)} or {@link CircuitBreaker#onFailure(Permit)}, or give it back with
 * {@link CircuitBreaker#release(Permit)} when the call says nothing about the provider.
 *
 * @param breaker  the breaker's name
 * @param trial    whether this is one of the HALF_OPEN trial calls
 * @param round    the probe round the trial belongs to (outcomes of an older round are ignored); round
 *                 numbers only grow, across a loss of the state in Redis too
 */
public record Permit(String breaker, boolean trial, long round) {
}
