package dev.cairn.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.CairnConfig;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.dlq.DlqService;
import dev.cairn.fleet.LeaseKeeper;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.jobs.internal.BreakerWaiters;
import dev.cairn.jobs.internal.CairnJobActivator;
import dev.cairn.jobs.internal.CrashReclaimer;
import dev.cairn.jobs.internal.DeadLetterShipper;
import dev.cairn.jobs.internal.FinishedCheckpoints;
import dev.cairn.jobs.internal.JobLifecycleFilter;
import dev.cairn.jobs.internal.JobServerRevival;
import dev.cairn.jobs.internal.JobServerStorage;
import dev.cairn.jobs.internal.JobsReadySignaller;
import dev.cairn.jobs.internal.OnDemandBackgroundJobServer;
import dev.cairn.jobs.internal.PipelineJobRunner;
import dev.cairn.jobs.internal.QueueWaitMeter;
import dev.cairn.jobs.internal.RetryPolicy;
import dev.cairn.jobs.internal.StorageDlqService;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.redis.RedisKeys;
import dev.cairn.tasks.PeriodicTasks;
import io.micrometer.core.instrument.MeterRegistry;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.configuration.BackgroundJobServerThreadType;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
import org.jobrunr.server.metrics.BackgroundJobServerMetricsBinder;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The JobRunr side of a worker, built in one place: the front door {@code Worker} goes through for
 * everything that submits, runs, retries, recovers or dead-letters a job.
 *
 * <p>It builds Cairn's job filters (retries, waits and crash recoveries, the DLQ hand-off, the "jobs ready"
 * signal), JobRunr's background job server with Cairn's job activator, the worker's lease and the crash
 * reclaimer, the revival of a server JobRunr stopped during a database outage, the DLQ service and its
 * scheduled cleanup, and the job service the HTTP API uses. What is started is stopped by {@link #close()}
 * in the reverse order (the reclaimer before the server, the server before the lease).
 *
 * <p>An API node ({@code CAIRN_WORKER_COUNT=0}) gets the job service and the DLQ service but no job server,
 * no lease and no reclaimer: it takes jobs in for the fleet and runs none.
 */
public final class JobRunrSide implements AutoCloseable {

    /** How often a worker tries to ship failures that met a Redis outage. */
    public static final Duration DLQ_RECONCILE_EVERY = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(JobRunrSide.class);

    /**
     * What the JobRunr side is built from; the worker owns (and closes) each of these.
     *
     * @param config      the worker's configuration
     * @param tasks       the worker's scheduler, for the lease renewal, the crash reclaim, the revival and the DLQ reconcile
     * @param storage     JobRunr's job storage (PostgreSQL or H2), migrated
     * @param storagePing a cheap round trip to job storage (revives JobRunr's server after an outage)
     * @param jobrunrJson JobRunr's JSON mapper, the one the storage was opened with
     * @param redis       the Redis client
     * @param keys        every Redis key
     * @param workSignal  the fleet's "jobs ready" signal
     * @param checkpoints the checkpoint store
     * @param pipelines   the pipelines, by job type
     * @param runner      runs a job's pipeline
     * @param deadLetters the dead-letter queue, {@code null} when disabled
     * @param json        Cairn's JSON mapper
     * @param outputDir   where jobs write their results
     * @param workerName  how the worker's lease names it to operators (host and process)
     * @param meters      the worker's meter registry
     * @param clock       the clock
     */
    public record Parts(CairnConfig config, PeriodicTasks tasks, StorageProvider storage, JobServerRevival.StoragePing storagePing, JsonMapper jobrunrJson,
                        UnifiedJedis redis, RedisKeys keys, WorkSignal workSignal, CheckpointStore checkpoints,
                        PipelineRegistry pipelines, PipelineRunner runner, DeadLetterQueue deadLetters, ObjectMapper json,
                        Path outputDir, String workerName, MeterRegistry meters, Clock clock) {
    }

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private OnDemandBackgroundJobServer server;
    private DeadLetterShipper shipper;
    private JobService jobs;
    private DlqService dlq;
    private BreakerWaiters waiters;

    private JobRunrSide() {
    }

    /**
     * Builds and starts the JobRunr side; on a failure, what was started is stopped again.
     *
     * @param parts what it is built from
     * @return the started JobRunr side
     */
    public static JobRunrSide start(Parts parts) {
        JobRunrSide side = new JobRunrSide();
        try {
            side.startAll(parts);
            return side;
        } catch (RuntimeException e) {
            side.close();
            throw e;
        }
    }

    private void startAll(Parts p) {
        CairnConfig config = p.config();
        FinishedCheckpoints finished = new FinishedCheckpoints();
        shipper = new DeadLetterShipper(p.deadLetters(), p.storage(), p.checkpoints(),
                Duration.ofDays(config.dlq().retentionDays()), config.http().dashboardUrl(), p.clock());
        waiters = new BreakerWaiters(p.storage(), p.workSignal());
        JobsReadySignaller readySignaller = new JobsReadySignaller(p.workSignal(), p.clock());
        resources.push(readySignaller);
        JobLifecycleFilter lifecycle = new JobLifecycleFilter(
                new RetryPolicy(config.checkpoints().maxRetries(), config.checkpoints().retryBackoffSeed(),
                        config.checkpoints().maxCrashRecoveries(), config.checkpoints().maxRedisWait()),
                finished, p.checkpoints(), p.runner(), p.json(), shipper, p.clock());
        JobRequestScheduler scheduler = new JobRequestScheduler(p.storage(), List.of());
        dlq = p.deadLetters() == null ? DlqService.disabled(p.clock())
                : new StorageDlqService(p.deadLetters(), shipper, p.storage(), p.checkpoints(), config.dlq(), p.workSignal(), p.clock(), p.runner());
        if (dlq instanceof AutoCloseable closeable) resources.push(closeable);
        if (config.storage().runsJobs()) {
            startJobServer(p, new PipelineJobRunner(p.runner(), finished, p.meters()), lifecycle, readySignaller);
        } else {
            LOG.info("CAIRN_WORKER_COUNT=0: this worker serves the API and the dashboard and runs no jobs");
        }
        jobs = JobService.create(p.pipelines(), p.storage(), scheduler, p.checkpoints(), p.outputDir(), p.json(), p.workSignal(), p.meters());
        if (p.deadLetters() != null) {
            DlqCleanupJobRequest.schedule(scheduler, config.dlq().cleanupCron());
            resources.push(shipper.reconcileInBackground(p.tasks(), DLQ_RECONCILE_EVERY));
        } else {
            scheduler.deleteRecurringJob(DlqCleanupJobRequest.RECURRING_JOB_ID);
        }
    }

    /**
     * Jobs waiting for a provider's breaker run as soon as a call of this worker closes it (its trial calls
     * succeeded, or an operator's reset through this worker's API), instead of at the time they were given.
     *
     * @param breakers the worker's breakers
     */
    public void wakeWaitersWhenBreakersClose(CircuitBreakerRegistry breakers) {
        resources.push(breakers.onTransition(waiters::onTransition));
    }

    private void startJobServer(Parts p, PipelineJobRunner jobRunner, JobLifecycleFilter lifecycle, JobsReadySignaller readySignaller) {
        CairnConfig config = p.config();
        Duration poll = config.storage().pollInterval();
        BackgroundJobServerConfiguration serverConfig = BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andName("cairn-worker")
                .andPollInterval(poll);
        // why: platform threads, not JobRunr's default virtual ones. A virtual thread that loads a class stays on its
        // carrier while it waits for the class loader's or the jar's lock; job threads loading the same classes at
        // once held every carrier of a 2-core worker while the lock's holder waited for a virtual thread that no
        // carrier was left to run, and the worker froze: no job, no heartbeat, no health answer (the bench's
        // 4-process chapter drain, twice). Platform threads only block.
        serverConfig.andBackgroundJobServerWorkerPolicy(
                new DefaultBackgroundJobServerWorkerPolicy(config.storage().jobThreads(), BackgroundJobServerThreadType.PlatformThreads));
        server = new OnDemandBackgroundJobServer(JobServerStorage.groupingSuccesses(p.storage()), p.jobrunrJson(),
                new CairnJobActivator(jobRunner, new DlqCleanupJob(dlq)), serverConfig);
        server.setJobFilters(List.of(lifecycle, readySignaller, new QueueWaitMeter(p.runner().types(), p.meters(), p.clock()),
                server.workDoneFilter()));
        // why: closed after the server stopped (resources close in reverse), so the last jobs' checkpoints go too
        resources.push(lifecycle.batchCheckpointDeletions(p.tasks()));
        // why: the lease is taken before the server runs jobs and released after it stopped (closed in reverse order)
        WorkerLeases leases = WorkerLeases.redis(p.redis(), p.keys(), config.leases().ttl(), p.json());
        resources.push(LeaseKeeper.start(p.tasks(), leases, server.getId().toString(), p.workerName(), server::heldJobIds,
                config.leases().renewEvery(), p.clock()));
        server.start();
        resources.push(server);
        // why: JobRunr stops its server for good when job storage fails (a database outage); start it again once storage answers
        resources.push(new JobServerRevival(server, p.storagePing()).start(p.tasks(), poll));
        resources.push(p.workSignal().onJobsReady(server));
        resources.push(reclaimer(leases, p, poll).start(p.tasks(), config.leases().reapEvery()));
        new BackgroundJobServerMetricsBinder(server, p.meters());
    }

    /**
     * JobRunr touches a running job every poll interval and calls it orphaned after
     * {@code serverTimeoutPollIntervalMultiplicand} of them (4): a job silent for 1.5 poll intervals whose
     * worker's lease expired is reclaimed by Cairn, one silent for longer than that minus half an interval
     * is left to JobRunr's orphan task, so both never race for one job.
     */
    private CrashReclaimer reclaimer(WorkerLeases leases, Parts p, Duration poll) {
        Duration jobRunrOrphanAfter = poll.multipliedBy(server.getConfiguration().getServerTimeoutPollIntervalMultiplicand());
        return new CrashReclaimer(leases, p.storage(), server::getJobFilters, poll.multipliedBy(3).dividedBy(2),
                jobRunrOrphanAfter.minus(poll.dividedBy(2)), p.clock(), p.meters());
    }

    /** @return the job service: submissions, batches, job views */
    public JobService jobs() {
        return jobs;
    }

    /** @return the dead-letter queue's operations (a disabled one when {@code CAIRN_DLQ_ENABLED=false}) */
    public DlqService dlq() {
        return dlq;
    }

    /** @return whether a failed job waits to be shipped to the DLQ (it met a Redis outage; the reconcile task retries) */
    public boolean dlqShippingPending() {
        return shipper != null && shipper.hasPending();
    }

    /** @return whether JobRunr's server runs (always true on an API node, which has none) */
    public boolean jobServerRunning() {
        return server == null || server.isRunning();
    }

    /** Stops what {@link #start} started, newest first. */
    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Error while stopping the JobRunr side: {}", e.getMessage());
            }
        }
    }
}
