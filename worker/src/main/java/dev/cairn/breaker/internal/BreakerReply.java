package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.Transition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code breaker.lua} answered, decoded from its reply list (its header lists the positions): the one
 * place that knows them. The script's arguments are {@link BreakerArgs}.
 *
 * @param snapshot   the state after the operation
 * @param granted    whether an {@code acquire} got a permit
 * @param round      the half-open round the permit belongs to
 * @param transition the transition this operation made, if any
 * @param redisNow   Redis' clock when the script ran, to translate {@code retryAt} to a worker's clock
 */
record BreakerReply(BreakerSnapshot snapshot, boolean granted, long round, Optional<Transition> transition, Instant redisNow) {

    private static final int STATE = 0;
    private static final int VERSION = 1;
    private static final int RETRY_AT = 2;
    private static final int GRANTED = 3;
    private static final int FAILURES = 4;
    private static final int SUCCESSES = 5;
    private static final int ROUND = 6;
    private static final int TRANSITION = 7;
    private static final int EPOCH = 8;
    private static final int NOW = 9;

    /**
     * @param name  the provider the script ran for
     * @param reply the script's reply: {@code {state, version, retry_at, granted, failures, successes, round,
     *              transition, epoch, now}}
     * @return the reply, typed
     */
    static BreakerReply decode(String name, Object reply) {
        List<?> parts = (List<?>) reply;
        BreakerState state = BreakerState.valueOf(String.valueOf(parts.get(STATE)));
        long retryAt = number(parts.get(RETRY_AT));
        BreakerSnapshot snapshot = new BreakerSnapshot(name, state, number(parts.get(EPOCH)), number(parts.get(VERSION)),
                state == BreakerState.CLOSED ? null : Instant.ofEpochMilli(retryAt),
                (int) number(parts.get(FAILURES)), (int) number(parts.get(SUCCESSES)));
        String transition = String.valueOf(parts.get(TRANSITION));
        Optional<Transition> named = transition.isEmpty() ? Optional.empty() : Optional.of(Transition.named(transition)
                .orElseThrow(() -> new IllegalStateException("breaker.lua reported an unknown transition " + transition)));
        return new BreakerReply(snapshot, number(parts.get(GRANTED)) == 1, number(parts.get(ROUND)), named,
                Instant.ofEpochMilli(number(parts.get(NOW))));
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }
}
