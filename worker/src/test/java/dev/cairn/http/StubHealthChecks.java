package dev.cairn.http;

import dev.cairn.http.HealthChecks;

/** {@link HealthChecks} whose answers a test sets. */
public final class StubHealthChecks implements HealthChecks {

    public volatile boolean started = true;
    public volatile ComponentStatus jobStorage = new ComponentStatus(ComponentStatus.UP, 2, null);
    public volatile ComponentStatus redis = new ComponentStatus(ComponentStatus.UP, 1, null);
    public volatile ComponentStatus diskSpace = new ComponentStatus(ComponentStatus.UP, 0, null,
            java.util.Map.of("free_bytes", 10_000_000_000L, "total_bytes", 20_000_000_000L));
    public volatile ComponentStatus memory = new ComponentStatus(ComponentStatus.UP, 0, null,
            java.util.Map.of("heap_used_bytes", 100_000_000L, "heap_max_bytes", 1_000_000_000L));

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

    @Override
    public ComponentStatus diskSpace() {
        return diskSpace;
    }

    @Override
    public ComponentStatus memory() {
        return memory;
    }
}
