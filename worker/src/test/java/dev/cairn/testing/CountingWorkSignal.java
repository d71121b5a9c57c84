package dev.cairn.testing;

import dev.cairn.fleet.WorkSignal;

import java.util.concurrent.atomic.AtomicInteger;

/** A {@link WorkSignal} that only counts how often the fleet would have been woken; nobody listens. */
public final class CountingWorkSignal implements WorkSignal {

    private final AtomicInteger sent = new AtomicInteger();

    @Override
    public void jobsReady() {
        sent.incrementAndGet();
    }

    @Override
    public AutoCloseable onJobsReady(Onboarding onboarding) {
        return () -> { };
    }

    /** @return the wake-ups sent so far */
    public int sent() {
        return sent.get();
    }
}
