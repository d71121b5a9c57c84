package dev.cairn.http;

import dev.cairn.jobs.HealthChecks;

/** {@link HealthChecks} whose answers a test sets. */
public final class StubHealthChecks implements HealthChecks {

    public volatile boolean started = true;
    public volatile ComponentStatus jobStorage = new ComponentStatus(ComponentStatus.UP, 2, null);
    public volatile ComponentStatus redis = new ComponentStatus(ComponentStatus.UP, 1, null);

    @Override
    public boolean started() {
        return started;
    }

    @Override
    public ComponentStatus jobStorage() {
        return jobStorage;
    }

    @Override
    public ComponentStatus redis() {
        return redis;
    }
}
