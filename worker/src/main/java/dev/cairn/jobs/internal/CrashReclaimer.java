package dev.cairn.jobs.internal;

import dev.cairn.fleet.ExpiredLease;
import dev.cairn.fleet.WorkerInfo;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.metrics.MetricNames;
import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.exceptions.IllegalJobThreadStateException;
import org.jobrunr.jobs.filters.JobDefaultFilters;
import org.jobrunr.jobs.filters.JobFilterUtils;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.jobrunr.storage.Paging.AmountBasedList.ascOnUpdatedAt;

/**
 * Hands the jobs of a dead worker back to the queue within seconds, instead of the four poll intervals
 * JobRunr waits before it calls a job orphaned. Every worker runs it, about once a second.
 *
 * <p>A job is reclaimed only when both signs of life are gone: its worker's {@linkplain WorkerLeases
 * lease} in Redis ran out, <em>and</em> JobRunr has not seen the job updated for
 * {@code staleAfter} (a live worker touches its running jobs every poll interval, even when it cannot
 * reach Redis). The job goes the way JobRunr's own orphan task sends it: FAILED with JobRunr's orphan
 * exception, Cairn's lifecycle filter turns that into a crash recovery (resume from the checkpoint at
 * once, no retry spent), and the save is checked against the job's version, so a job is never reclaimed
 * twice, nor over a change its worker made meanwhile. Jobs not updated for longer than
 * {@code handOverAfter} are left to JobRunr's orphan task, which will take them next, so the two never
 * race for the same job; that task also remains the safety net while Redis is down.
 */
public final class CrashReclaimer {

    private static final Logger LOG = LoggerFactory.getLogger(CrashReclaimer.class);
    /** Expired leases looked at in one pass. */
    static final int MAX_LEASES = 100;
    /** PROCESSING jobs read in one scan for dead workers' jobs their leases did not name: every worker thread of the fleet, with room to spare. */
    static final int MAX_PROCESSING = 5_000;

    private final WorkerLeases leases;
    private final StorageProvider storage;
    private final Supplier<JobDefaultFilters> filters;
    private final Duration staleAfter;
    private final Duration handOverAfter;
    private final Clock clock;
    private final Counter reclaimed;

    /**
     * @param filters       JobRunr's filters of this worker's server, run as for any state change
     * @param staleAfter    how long a job must have gone without an update in JobRunr
     * @param handOverAfter from when on JobRunr's orphan task takes the job instead
     */
    public CrashReclaimer(WorkerLeases leases, StorageProvider storage, Supplier<JobDefaultFilters> filters,
                          Duration staleAfter, Duration handOverAfter, Clock clock, MeterRegistry meters) {
        if (!handOverAfter.minus(staleAfter).isPositive()) {
            throw new IllegalArgumentException("handOverAfter " + handOverAfter + " must exceed staleAfter " + staleAfter);
        }
        this.leases = leases;
        this.storage = storage;
        this.filters = filters;
        this.staleAfter = staleAfter;
        this.handOverAfter = handOverAfter;
        this.clock = clock;
        this.reclaimed = Counter.builder(MetricNames.JOBS_RECLAIMED)
                .description("Jobs of a worker whose lease expired, handed back to the queue").register(meters);
    }

    /**
     * Looks for dead workers now (a restarted worker recovers its predecessor's jobs first) and every {@code every},
     * as the task {@code crash-reclaim}; while Redis or the job storage is down, JobRunr's orphan task is the safety net.
     *
     * @return stops looking
     */
    public AutoCloseable start(PeriodicTasks tasks, Duration every) {
        return tasks.schedule(PeriodicTask.every(every, "crash-reclaim", "look for dead workers' jobs", this::reclaim));
    }

    /**
     * One pass: hand back the stale jobs of every worker whose lease expired, and forget leases whose
     * worker runs nothing any more. A dead worker's jobs are first those its lease named at its last
     * renewal, read by id: until they are handed back, a pass costs a query per job of the dead workers, not
     * a read of every PROCESSING job of the fleet (which every worker would repeat each second while a
     * lease stays listed). A job the worker took after its last renewal is not named there: once every job
     * the dead worker may have held is stale ({@code staleAfter} after its lease ran out: it updated none
     * after it died), the PROCESSING jobs are read once to find those, and then the lease is forgotten.
     *
     * @return how many jobs this pass handed back
     */
    public int reclaim() {
        List<ExpiredLease> expired = leases.expired(MAX_LEASES);
        if (expired.isEmpty()) return 0;
        Instant now = clock.instant();
        int count = 0;
        List<ExpiredLease> toScan = new ArrayList<>();
        for (ExpiredLease lease : expired) {
            if (lease.info().isEmpty()) {
                toScan.add(lease);
                continue;
            }
            boolean left = false;
            for (String id : lease.info().get().jobs()) {
                Optional<Job> job = processingOn(id, lease);
                if (job.isEmpty()) continue; // finished, deleted, or handed back already
                if (handBackIfStale(job.get(), lease, now)) count++;
                else left = true;
            }
            // why: the jobs it took after its last renewal are stale only from then on; one scan finds them all
            if (!left && !now.isBefore(lease.expiredAt().plus(staleAfter))) toScan.add(lease);
        }
        if (!toScan.isEmpty()) count += reclaimByScan(toScan, now);
        return count;
    }

    /** @return the job, when it is still PROCESSING on the lease's worker */
    private Optional<Job> processingOn(String jobId, ExpiredLease lease) {
        Job job;
        try {
            job = storage.getJobById(UUID.fromString(jobId));
        } catch (JobNotFoundException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (job.getState() != StateName.PROCESSING) return Optional.empty();
        boolean onThatWorker = job.getLastJobStateOfType(ProcessingState.class)
                .filter(state -> state.getServerId().toString().equals(lease.serverId())).isPresent();
        return onThatWorker ? Optional.of(job) : Optional.empty();
    }

    /** @return whether the job was handed back; false when it is not silent long enough, or is left to JobRunr */
    private boolean handBackIfStale(Job job, ExpiredLease lease, Instant now) {
        Duration silent = Duration.between(job.getUpdatedAt(), now);
        return silent.compareTo(staleAfter) >= 0 && silent.compareTo(handOverAfter) < 0 && handBack(job, lease, silent);
    }

    /**
     * The jobs of the given dead workers found among every PROCESSING job: those of leases whose worker info
     * is unreadable (they name no jobs), and those a worker took after its lease's last renewal. A lease is
     * forgotten once its worker holds no job.
     */
    private int reclaimByScan(List<ExpiredLease> expired, Instant now) {
        Map<String, ExpiredLease> dead = expired.stream().collect(Collectors.toMap(ExpiredLease::serverId, Function.identity()));
        // why: updatedBefore far ahead, so a job stamped by a machine whose clock runs fast is seen too
        List<Job> processing = storage.getJobList(StateName.PROCESSING, now.plus(Duration.ofDays(1)), ascOnUpdatedAt(MAX_PROCESSING));
        Map<String, Integer> left = new HashMap<>();
        int count = 0;
        for (Job job : processing) {
            Optional<ProcessingState> state = job.getLastJobStateOfType(ProcessingState.class);
            if (state.isEmpty()) continue;
            ExpiredLease lease = dead.get(state.get().getServerId().toString());
            if (lease == null) continue;
            if (handBackIfStale(job, lease, now)) {
                count++;
            } else {
                left.merge(lease.serverId(), 1, Integer::sum);
            }
        }
        if (processing.size() < MAX_PROCESSING) {
            for (ExpiredLease lease : expired) {
                if (!left.containsKey(lease.serverId())) leases.forget(lease);
            }
        }
        return count;
    }

    private boolean handBack(Job job, ExpiredLease lease, Duration silent) {
        String worker = lease.info().map(WorkerInfo::name).orElse(lease.serverId());
        IllegalJobThreadStateException orphaned = new IllegalJobThreadStateException("Job was orphaned: its worker " + worker
                + " stopped renewing its lease (killed, crashed or frozen) and has not updated the job for " + silent.toSeconds() + " s");
        JobFilterUtils jobFilters = new JobFilterUtils(filters.get());
        jobFilters.runOnJobProcessingFailedFilters(job, orphaned);
        job.failed("Orphaned job", orphaned);
        jobFilters.runOnStateElectionFilter(job);
        try {
            storage.save(job);
        } catch (ConcurrentJobModificationException e) {
            // why: its worker was alive after all, or another worker reclaimed it first: either way it is not ours
            LOG.debug("Job {} changed while being reclaimed; left alone", job.getId());
            return false;
        }
        jobFilters.runOnStateAppliedFilters(job);
        reclaimed.increment();
        LOG.info("Job {} handed back to the queue: its worker {} stopped renewing its lease at {}", job.getId(), worker, lease.expiredAt());
        return true;
    }

}
