package dev.cairn.jobs.internal;

import dev.cairn.fleet.WorkSignal;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.JobSteward;
import org.jobrunr.server.strategy.WorkDistributionStrategy;
import org.jobrunr.server.tasks.steward.OnboardNewWorkTask;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.utils.mapper.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * JobRunr's background server that can also look for enqueued work on demand, not only at its poll
 * interval: {@link #onboard()} runs JobRunr's own "onboard new work" task, which takes as many jobs as
 * the server has idle workers (none: no query at all). JobRunr runs the same task whenever one of its
 * workers finishes a job; this lets a {@link WorkSignal} from another worker do it too.
 *
 * <p>JobRunr counts a worker thread as busy only once the job's thread starts, so two onboarding passes a
 * few milliseconds apart would both see every thread free and take twice the jobs it can run (they then
 * wait in the executor, PROCESSING in storage). This server also counts jobs handed to the executor
 * but not started yet, so what a worker takes is bounded however often it is woken: one job per thread
 * ({@code CAIRN_WORKER_COUNT}), plus one per thread that is saving (below).
 *
 * <p>A thread whose job's work is done and that only saves the job's outcome counts as free
 * ({@link #workDoneFilter()}): a pass takes a job for it while it saves, and it starts that job as soon as the
 * save returns. Without this, JobRunr asks for that thread's next job only after the save, and on a busy worker
 * (saves of successes are group-committed, so a save waits for the one before it) about half of the job threads
 * sat idle, waiting for work that was in the queue. A job taken this way waits in the executor no longer than
 * one save, never behind a running job's work; a worker still holds at most one job per thread plus one per
 * thread that is saving.
 */
public final class OnDemandBackgroundJobServer extends BackgroundJobServer implements WorkSignal.Onboarding, AutoCloseable {

    /** How often, a few milliseconds apart, {@link #onboard()} waits for another pass of this server to end. */
    static final int BUSY_RETRIES = 500;
    private static final long BUSY_PAUSE_NANOS = 2_000_000;

    /** The on-demand pass running on this thread, if any. */
    private final ThreadLocal<Pass> currentPass = new ThreadLocal<>();

    public OnDemandBackgroundJobServer(StorageProvider storage, JsonMapper json, JobActivator activator, BackgroundJobServerConfiguration configuration) {
        super(storage, json, activator, configuration);
    }

    /** JobRunr's strategy, telling an on-demand pass that it ran and how many jobs it asked for. */
    @Override
    protected WorkDistributionStrategy createWorkDistributionStrategy() {
        WorkDistributionStrategy jobRunrs = super.createWorkDistributionStrategy();
        return new WorkDistributionStrategy() {
            @Override
            public int getWorkerCount() {
                return jobRunrs.getWorkerCount();
            }

            @Override
            public AmountRequest getWorkPageRequest() {
                AmountRequest request = jobRunrs.getWorkPageRequest();
                // why: read when called, never during construction (JobRunr's constructor creates this strategy)
                Pass pass = currentPass.get();
                if (pass != null) pass.limit = request.getLimit();
                return request;
            }
        };
    }

    @Override
    protected JobSteward createJobSteward() {
        return new OnDemandJobSteward(this);
    }

    private OnDemandJobSteward steward() {
        return (OnDemandJobSteward) getJobSteward();
    }

    @Override
    public void processJob(Job job) {
        OnDemandJobSteward steward = steward();
        steward.submitted.incrementAndGet();
        steward.handedOver.add(job.getId());
        try {
            super.processJob(job);
        } catch (RuntimeException e) {
            steward.submitted.decrementAndGet();
            steward.handedOver.remove(job.getId());
            throw e;
        }
        Pass pass = currentPass.get();
        if (pass != null) pass.taken++;
    }

    @Override
    public void start(boolean guard) {
        // why: a stop drops jobs still queued in the executor, whose threads never start
        steward().submitted.set(0);
        steward().handedOver.clear();
        super.start(guard);
    }

    /**
     * The filter that tells this server when a job's work is done on its thread (it succeeded or failed, and only
     * its outcome is left to save), so that the thread counts as free for the next pass. Register it with the
     * server's job filters.
     *
     * @return the filter
     */
    public JobServerFilter workDoneFilter() {
        return new JobServerFilter() {
            @Override
            public void onProcessingSucceeded(Job job) {
                steward().workDone(job);
            }

            @Override
            public void onProcessingFailed(Job job, Exception e) {
                steward().workDone(job);
            }
        };
    }

    /**
     * The jobs this server holds: those running on its threads, those whose outcome a thread is saving (JobRunr no
     * longer counts them in progress, but they stay PROCESSING until the save), and those handed to its executor that
     * no thread has started yet (PROCESSING on this server all the same). What the worker's lease names, so that a
     * crash hands back all of them by id at once, not the last two only once a scan finds them stale.
     *
     * @return their ids
     */
    public List<String> heldJobIds() {
        // why: a job a thread is starting is in both for a moment
        Set<String> ids = new LinkedHashSet<>();
        for (Job job : getJobSteward().getJobsInProgress()) ids.add(job.getId().toString());
        for (UUID id : steward().savingJobs) ids.add(id.toString());
        for (UUID id : steward().handedOver) ids.add(id.toString());
        return new ArrayList<>(ids);
    }

    /** @return whether the server runs and has a worker thread that is neither busy nor promised to a job */
    @Override
    public boolean hasCapacity() {
        return isRunning() && freeThreads() > 0;
    }

    /**
     * Takes enqueued jobs now, on the calling thread, as JobRunr's onboarding task does at its poll.
     *
     * <p>JobRunr skips the task while another pass of this server runs (its poll, or the pass after a job
     * finished), and that pass may have read the queue before the job this call was made for was saved.
     * So a skipped pass is tried again once the other one ended, for up to about a second.
     *
     * @return whether it filled every thread it had free (so more jobs may be waiting), or had none free
     */
    @Override
    public boolean onboard() {
        Pass pass = new Pass();
        currentPass.set(pass);
        try {
            for (int attempt = 0; pass.limit < 0; attempt++) {
                if (attempt > 0) {
                    if (attempt > BUSY_RETRIES || !isRunning()) return false;
                    LockSupport.parkNanos(BUSY_PAUSE_NANOS);
                }
                steward().onboardNow();
            }
        } finally {
            currentPass.remove();
        }
        return pass.taken >= pass.limit;
    }

    /** The same count JobRunr's work distribution strategy limits its onboarding query to. */
    private int freeThreads() {
        return getWorkDistributionStrategy().getWorkerCount() - steward().getOccupiedWorkerCount();
    }

    /** What one on-demand pass did: the jobs it asked for (-1 until it ran) and those it took. */
    private static final class Pass {
        private int limit = -1;
        private int taken;
    }

    /** Stops the server for good. ({@link #stop()} alone may be followed by a restart: JobRunr restarts a server that timed out.) */
    @Override
    public void close() {
        stop();
    }

    /**
     * JobRunr's steward, with its onboarding task reachable, jobs not started yet counted as busy and threads that
     * only save their job's outcome counted as free.
     */
    private static final class OnDemandJobSteward extends JobSteward {
        private final OnboardNewWorkTask onboard;
        private final AtomicInteger submitted = new AtomicInteger();
        /** Jobs handed to the executor whose thread has not started them yet. */
        private final Set<UUID> handedOver = ConcurrentHashMap.newKeySet();
        /** Jobs whose work is done and whose outcome a thread is saving: their threads count as free. */
        private final Set<UUID> savingJobs = ConcurrentHashMap.newKeySet();
        /** The job whose outcome this thread saves, in {@link #savingJobs}; JobRunr's performer thread says so. */
        private final ThreadLocal<UUID> savingHere = new ThreadLocal<>();

        OnDemandJobSteward(BackgroundJobServer server) {
            super(server);
            this.onboard = getTaskOfType(OnboardNewWorkTask.class);
        }

        @Override
        public void notifyThreadOccupied() {
            submitted.updateAndGet(n -> Math.max(0, n - 1));
            super.notifyThreadOccupied();
        }

        @Override
        public void startProcessing(Job job, Thread thread) {
            super.startProcessing(job, thread);
            handedOver.remove(job.getId());
        }

        @Override
        public int getOccupiedWorkerCount() {
            return Math.max(0, super.getOccupiedWorkerCount() + submitted.get() - savingJobs.size());
        }

        /** The calling job thread's job is done; it only saves the outcome until {@link #notifyThreadIdle()}. */
        void workDone(Job job) {
            if (savingHere.get() != null) return;
            savingHere.set(job.getId());
            savingJobs.add(job.getId());
        }

        /** JobRunr's performer calls this on its thread once the job's outcome is saved (or the job was given up), before its next pass. */
        @Override
        public void notifyThreadIdle() {
            UUID saved = savingHere.get();
            if (saved != null) {
                savingHere.remove();
                savingJobs.remove(saved);
            }
            super.notifyThreadIdle();
        }

        void onboardNow() {
            onboard.runTaskThreadSafe();
        }
    }
}
