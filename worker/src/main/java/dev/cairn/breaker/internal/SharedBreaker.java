package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerOpenException;
import dev.cairn.breaker.BreakerSnapshot;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.Permit;
import dev.cairn.breaker.Transition;
import dev.cairn.redis.RedisUnavailableException;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A breaker whose truth is in Redis and whose local view follows it: updated from every script reply,
 * every transition notification and every periodic refresh, and only ever to a newer version, so a
 * late or reordered update can never roll the view back.
 */
final class SharedBreaker implements CircuitBreaker {


    private final String name;
    private final BreakerScript script;
    private final Clock clock;
    private final BreakerMetrics metrics;
    private final BiConsumer<String, Transition> onTransition;
    private final AtomicReference<BreakerSnapshot> view;

    SharedBreaker(String name, BreakerScript script, Clock clock, BreakerMetrics metrics, BiConsumer<String, Transition> onTransition) {
        this.name = name;
        this.script = script;
        this.clock = clock;
        this.metrics = metrics;
        this.onTransition = onTransition;
        this.view = new AtomicReference<>(new BreakerSnapshot(name, BreakerState.CLOSED, -1, null, 0, 0));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Permit tryAcquire() {
        BreakerSnapshot local = view.get();
        if (local.state() == BreakerState.CLOSED) {
            return new Permit(name, false, 0); // the hot path: no round trip
        }
        if (local.state() == BreakerState.OPEN && clock.instant().isBefore(local.retryAt())) {
            metrics.rejected(name);
            throw new BreakerOpenException(name, local.state(), local.retryAt());
        }
        BreakerScript.Reply reply = run("acquire", null);
        if (reply.granted()) {
            return new Permit(name, reply.snapshot().state() == BreakerState.HALF_OPEN, reply.round());
        }
        metrics.rejected(name);
        throw new BreakerOpenException(name, reply.snapshot().state(), reply.snapshot().retryAt());
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
    public BreakerSnapshot snapshot() {
        return view.get();
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

    /** Takes a newer state learnt elsewhere (a notification); older or equal versions are ignored. */
    void observe(BreakerSnapshot snapshot) {
        view.accumulateAndGet(snapshot, (current, update) -> update.version() > current.version() ? update : current);
        metrics.state(name, view.get().state());
    }

    private BreakerScript.Reply run(String op, String round) {
        BreakerScript.Reply reply = RedisUnavailableException.during("asking the circuit breaker of provider '" + name + "'",
                () -> script.run(name, op, round));
        // why: the script's answer is the newest state there is; accept it even at an equal version,
        // since counts (failures, successes) change without a transition
        view.accumulateAndGet(reply.snapshot(), (current, update) -> update.version() >= current.version() ? update : current);
        metrics.state(name, view.get().state());
        reply.transition().ifPresent(t -> onTransition.accept(name, t));
        return reply;
    }

}
