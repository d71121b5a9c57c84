package dev.cairn.breaker;

/**
 * Leave to make one call through a breaker; report its outcome with
 * {@link CircuitBreaker#onSuccess(Permit)} or {@link CircuitBreaker#onFailure(Permit)}.
 *
 * @param breaker  the breaker's name
 * @param trial    whether this is one of the HALF_OPEN trial calls
 * @param round    the probe round the trial belongs to (outcomes of an older round are ignored)
 */
public record Permit(String breaker, boolean trial, long round) {
}
