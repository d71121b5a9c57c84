package dev.cairn.fleet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps one worker's lease alive: renews it every {@code renewEvery} on a thread of its own, and
 * releases it when closed. A failed renewal (Redis down) is logged once per outage and retried at the
 * next tick; while Redis is down no lease expires anywhere, since no worker can read them either.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final WorkerLeases leases;
    private final String serverId;
    private final String name;
    private final Supplier<List<String>> runningJobs;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    private LeaseKeeper(WorkerLeases leases, String serverId, String name, Supplier<List<String>> runningJobs, Clock clock) {
        this.leases = leases;
        this.serverId = serverId;
        this.name = name;
        this.runningJobs = runningJobs;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cairn-lease").factory());
    }

    /**
     * Takes the lease now (so a worker that is up is known to be up) and renews it from then on.
     *
     * @param serverId    the JobRunr server id the worker's jobs carry
     * @param name        a name for operators, e.g. host and pid
     * @param runningJobs the ids of the jobs the worker runs now, named in each renewal
     * @param renewEvery  a third of the TTL or less
     */
    public static LeaseKeeper start(WorkerLeases leases, String serverId, String name, Supplier<List<String>> runningJobs,
                                    Duration renewEvery, Clock clock) {
        LeaseKeeper keeper = new LeaseKeeper(leases, serverId, name, runningJobs, clock);
        keeper.timer.scheduleWithFixedDelay(keeper::renew, 0, renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        return keeper;
    }

    private void renew() {
        try {
            leases.renew(new WorkerInfo(serverId, name, runningJobs.get(), clock.millis()));
            if (failing) LOG.info("Worker lease renewed again after a failure");
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) LOG.warn("Could not renew this worker's lease: {}", e.getMessage());
            failing = true;
        }
    }

    /** Stops renewing and releases the lease: a worker that stopped cleanly is not a crashed one. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            leases.release(serverId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Could not release this worker's lease (it expires by itself): {}", e.getMessage());
        }
    }
}
