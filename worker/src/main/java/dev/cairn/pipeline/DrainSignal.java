package dev.cairn.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Set when the worker begins a graceful shutdown: running steps stop at their next checkpoint and
 * their jobs are rescheduled, keeping the cursor just saved.
 */
public final class DrainSignal {

    private final AtomicBoolean draining = new AtomicBoolean();

    /** Begins draining; idempotent. */
    public void drain() {
        draining.set(true);
    }

    /** @return whether the worker is shutting down */
    public boolean isDraining() {
        return draining.get();
    }
}
