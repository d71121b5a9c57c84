package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerOpenException;
import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.Permit;
import dev.cairn.breaker.Transition;
import dev.cairn.redis.RedisUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A breaker whose truth is in Redis and whose local view follows it: updated from every script reply,
 * every transition notification and every periodic refresh. A notification is taken only when it is
 * newer (a later epoch, or a higher version in the same epoch), so a late or reordered one can never roll
 * the view back; a script reply is taken unless the view is already newer, since the script makes its
 * reply supersede what this worker had seen (see {@code breaker.lua} on epochs).
 */
final class SharedBreaker implements CircuitBreaker {

    /**
     * The view, with its retry time translated to this worker's clock: Redis' clock decides every
     * transition, this worker's clock only measures how long until that time comes.
     */
    private record View(BreakerSnapshot snapshot, Instant localRetryAt) {
    }

    private final String name;
    private final BreakerScript script;
    private final Clock clock;
    private final BreakerMetrics metrics;
    private final BiConsumer<String, Transition> onTransition;
    private final AtomicReference<View> view;

    SharedBreaker(String name, BreakerScript script, Clock clock, BreakerMetrics metrics, BiConsumer<String, Transition> onTransition) {
        this.name = name;
        this.script = script;
        this.clock = clock;
        this.metrics = metrics;
        this.onTransition = onTransition;
        this.view = new AtomicReference<>(new View(new BreakerSnapshot(name, BreakerState.CLOSED, 0, -1, null, 0, 0), null));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Permit tryAcquire() {
        if (view.get().snapshot().state() == BreakerState.CLOSED) {
            return new Permit(name, false, 0); // the hot path: no round trip
        }
        rejectIfKnownOpen();
        BreakerReply reply = run("acquire", null);
        if (reply.granted()) {
            return new Permit(name, reply.snapshot().state() == BreakerState.HALF_OPEN, reply.round());
        }
        metrics.rejected(name);
        throw new BreakerOpenException(name, reply.snapshot().state(), local(reply.snapshot().retryAt(), reply.redisNow()));
    }

    @Override
    public void rejectIfKnownOpen() {
        View local = view.get();
        if (local.snapshot().state() == BreakerState.OPEN && clock.instant().isBefore(local.localRetryAt())) {
            metrics.rejected(name);
            throw new BreakerOpenException(name, BreakerState.OPEN, local.localRetryAt());
        }
    }

    @Override
    public void onSuccess(Permit permit) {
        metrics.call(name, "success");
        if (permit.trial()) run("success", Long.toString(permit.round()));
    }

    @Override
    public void onFailure(Permit permit) {
        metrics.call(name, "failure");
        run("failure", permit.trial() ? Long.toString(permit.round()) : "");
    }

    @Override
    public void release(Permit permit) {
        if (permit.trial()) run("release", Long.toString(permit.round()));
    }

    @Override
    public BreakerSnapshot snapshot() {
        return view.get().snapshot();
    }

    @Override
    public BreakerSnapshot refresh() {
        return run("read", null).snapshot();
    }

    @Override
    public BreakerSnapshot reset() {
        return run("reset", null).snapshot();
    }

    @Override
    public BreakerSnapshot forceOpen() {
        return run("force_open", null).snapshot();
    }

    /** Takes a state learnt from a notification, sent when Redis' clock read {@code redisNow}, if it is newer. */
    void observe(BreakerSnapshot snapshot, Instant redisNow) {
        View update = new View(snapshot, local(snapshot.retryAt(), redisNow));
        view.accumulateAndGet(update, (current, u) -> u.snapshot().isNewerThan(current.snapshot()) ? u : current);
        metrics.state(name, view.get().snapshot().state());
    }

    private BreakerReply run(String op, String round) {
        BreakerSnapshot known = view.get().snapshot();
        BreakerReply reply = RedisUnavailableException.during("asking the circuit breaker of provider '" + name + "'",
                () -> script.run(name, op, round, known));
        View update = new View(reply.snapshot(), local(reply.snapshot().retryAt(), reply.redisNow()));
        // why: the reply is the newest state there is unless a notification overtook it; an equal version
        // is taken too, since counts (failures, successes) change without a transition
        view.accumulateAndGet(update, (current, u) -> current.snapshot().isNewerThan(u.snapshot()) ? current : u);
        metrics.state(name, view.get().snapshot().state());
        reply.transition().ifPresent(t -> onTransition.accept(name, t));
        return reply;
    }

    /** @return {@code redisTime} on this worker's clock, given that Redis' clock read {@code redisNow} just now */
    private Instant local(Instant redisTime, Instant redisNow) {
        if (redisTime == null) return null;
        return clock.instant().plus(Duration.between(redisNow, redisTime));
    }
}
