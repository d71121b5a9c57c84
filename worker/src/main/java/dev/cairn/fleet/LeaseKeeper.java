package dev.cairn.fleet;

import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps one worker's lease alive: renews it every {@code renewEvery} (the task {@code lease-renewal} of the
 * worker's scheduler), and releases it when closed. A failed renewal (Redis down) is logged once per outage
 * by the scheduler and retried at the next run; while Redis is down no lease expires anywhere, since no
 * worker can read them either.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final WorkerLeases leases;
    private final String serverId;
    private final String name;
    private final Supplier<List<String>> runningJobs;
    private final Clock clock;
    private AutoCloseable renewal;

    private LeaseKeeper(WorkerLeases leases, String serverId, String name, Supplier<List<String>> runningJobs, Clock clock) {
        this.leases = leases;
        this.serverId = serverId;
        this.name = name;
        this.runningJobs = runningJobs;
        this.clock = clock;
    }

    /**
     * Takes the lease now (so a worker that is up is known to be up) and renews it from then on.
     *
     * @param tasks       the worker's scheduler
     * @param serverId    the JobRunr server id the worker's jobs carry
     * @param name        a name for operators, e.g. host and pid
     * @param runningJobs the ids of the jobs the worker runs now, named in each renewal
     * @param renewEvery  a third of the TTL or less
     */
    public static LeaseKeeper start(PeriodicTasks tasks, WorkerLeases leases, String serverId, String name,
                                    Supplier<List<String>> runningJobs, Duration renewEvery, Clock clock) {
        LeaseKeeper keeper = new LeaseKeeper(leases, serverId, name, runningJobs, clock);
        keeper.renewal = tasks.schedule(PeriodicTask.every(renewEvery, "lease-renewal", "renew this worker's lease", keeper::renew));
        return keeper;
    }

    private void renew() {
        leases.renew(new WorkerInfo(serverId, name, runningJobs.get(), clock.millis()));
    }

    /** Stops renewing and releases the lease: a worker that stopped cleanly is not a crashed one. */
    @Override
    public void close() {
        try {
            // why: closing the task waits for a renewal in progress, which would otherwise take the lease again after the release
            renewal.close();
            leases.release(serverId);
        } catch (Exception e) {
            LOG.debug("Could not release this worker's lease (it expires by itself): {}", e.getMessage());
        }
    }
}
