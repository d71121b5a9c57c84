package dev.cairn.testing;

import dev.cairn.fleet.WorkSignal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker's side of the work signal without a job server: it counts its onboarding passes, and the test
 * sets whether it has a free thread and whether a pass fills it.
 */
public final class FakeOnboarding implements WorkSignal.Onboarding {

    private final AtomicInteger passes = new AtomicInteger();
    private volatile boolean free = true;
    private volatile boolean fillsUp;

    @Override
    public boolean hasCapacity() {
        return free;
    }

    /** @return whether this pass filled it: then, as a real worker, it has no free thread afterwards */
    @Override
    public boolean onboard() {
        passes.incrementAndGet();
        if (fillsUp) free = false;
        return fillsUp;
    }

    /** @param free whether it has a free thread from now on @return this */
    public FakeOnboarding free(boolean free) {
        this.free = free;
        return this;
    }

    /** @param fillsUp whether its passes fill every free thread (more jobs may wait) @return this */
    public FakeOnboarding fillsUp(boolean fillsUp) {
        this.fillsUp = fillsUp;
        return this;
    }

    /** @return onboarding passes so far, including the one after each (re)connection */
    public int passes() {
        return passes.get();
    }
}
