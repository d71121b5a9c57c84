package dev.cairn.runtime.internal;

import dev.cairn.jobs.HealthChecks;
import redis.clients.jedis.UnifiedJedis;

import java.util.concurrent.atomic.AtomicBoolean;

/** {@link HealthChecks} that ask the job storage and Redis directly. */
public final class WorkerHealth implements HealthChecks {

    private final JobStorage storage;
    private final UnifiedJedis redis;
    private final AtomicBoolean started = new AtomicBoolean();

    public WorkerHealth(JobStorage storage, UnifiedJedis redis) {
        this.storage = storage;
        this.redis = redis;
    }

    /** Called once start-up has finished. */
    public void markStarted() {
        started.set(true);
    }

    @Override
    public boolean started() {
        return started.get();
    }

    @Override
    public ComponentStatus jobStorage() {
        long start = System.nanoTime();
        try {
            storage.ping();
            return up(start);
        } catch (Exception e) {
            return down(start, "job storage (" + storage.description() + ") does not answer: " + e.getMessage());
        }
    }

    @Override
    public ComponentStatus redis() {
        long start = System.nanoTime();
        try {
            redis.ping();
            return up(start);
        } catch (RuntimeException e) {
            return down(start, "Redis does not answer: " + e.getMessage());
        }
    }

    private static ComponentStatus up(long start) {
        return new ComponentStatus(ComponentStatus.UP, elapsedMs(start), null);
    }

    private static ComponentStatus down(long start, String message) {
        return new ComponentStatus(ComponentStatus.DOWN, elapsedMs(start), message);
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
