package dev.cairn.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.chapter.ChapterGenerationPipeline;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.Directories;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.dlq.DlqService;
import dev.cairn.jobs.DeadLetterShipper;
import dev.cairn.jobs.DlqCleanupJob;
import dev.cairn.jobs.DlqCleanupJobRequest;
import dev.cairn.jobs.StorageDlqService;
import dev.cairn.http.BrowserGuard;
import dev.cairn.http.HttpApi;
import dev.cairn.fleet.LeaseKeeper;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.jobs.CairnJobActivator;
import dev.cairn.jobs.CrashReclaimer;
import dev.cairn.jobs.JobsReadySignaller;
import dev.cairn.jobs.FinishedCheckpoints;
import dev.cairn.jobs.JobLifecycleFilter;
import dev.cairn.jobs.JobServerStorage;
import dev.cairn.jobs.JobService;
import dev.cairn.jobs.PipelineJobRunner;
import dev.cairn.jobs.RetryPolicy;
import dev.cairn.pdf.PdfLimits;
import dev.cairn.pdf.PdfProcessingPipeline;
import dev.cairn.pipeline.DrainSignal;
import dev.cairn.provider.ProviderChain;
import dev.cairn.ratelimit.RateLimiter;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.redis.EmbeddedRedis;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.runtime.internal.DashboardServer;
import dev.cairn.runtime.internal.DataDirLock;
import dev.cairn.runtime.internal.DependencyGauges;
import dev.cairn.runtime.internal.Json;
import dev.cairn.runtime.internal.JobServerRevival;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.runtime.internal.Metrics;
import dev.cairn.runtime.internal.OnDemandBackgroundJobServer;
import dev.cairn.runtime.internal.WorkerName;
import dev.cairn.runtime.internal.Providers;
import dev.cairn.runtime.internal.WorkerHealth;
import dev.cairn.redis.EvictionPolicy;
import dev.cairn.redis.RedisProbe;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.metrics.BackgroundJobServerMetricsBinder;
import org.jobrunr.storage.metrics.StorageProviderMetricsBinder;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A running worker: JobRunr background server and dashboard, the Cairn HTTP API, Redis (embedded or
 * external) and job storage (PostgreSQL or embedded H2).
 *
 * <p>Shutdown (SIGTERM, or {@link #close()}) drains: running steps stop at their next checkpoint and
 * their jobs are rescheduled without spending a retry, then JobRunr stops, then Redis if embedded.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** How often a worker tries to ship failures that met a Redis outage. */
    static final Duration DLQ_RECONCILE_EVERY = Duration.ofSeconds(10);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final DrainSignal drain = new DrainSignal();
    private Thread shutdownHook;
    private OnDemandBackgroundJobServer server;
    private HttpApi http;
    private JobService jobs;
    private DlqService dlq;

    private Worker() {
    }

    /**
     * Starts a worker with the built-in pipelines and returns once it is ready to take jobs.
     *
     * @param config the configuration
     * @return the running worker
     */
    public static Worker start(CairnConfig config) {
        return builder(config).start();
    }

    /**
     * @param config the configuration
     * @return a builder, to add pipelines of your own next to the built-in ones
     */
    public static Builder builder(CairnConfig config) {
        return new Builder(config);
    }

    /** Builds a worker with extra pipelines. */
    public static final class Builder {
        private final CairnConfig config;
        private final List<Pipeline> pipelines = new ArrayList<>();

        private Builder(CairnConfig config) {
            this.config = config;
        }

        /**
         * @param pipeline a pipeline to run next to the built-in ones; its name is its job type
         * @return this builder
         */
        public Builder pipeline(Pipeline pipeline) {
            pipelines.add(pipeline);
            return this;
        }

        /** @return the started worker, ready to take jobs */
        public Worker start() {
            Worker worker = new Worker();
            try {
                worker.startAll(config, Clock.systemUTC(), pipelines);
                return worker;
            } catch (RuntimeException e) {
                worker.close();
                throw e;
            }
        }
    }

    private void startAll(CairnConfig config, Clock clock, List<Pipeline> extraPipelines) {
        Directories dirs = config.directories();
        createDirectories(dirs.dataDir(), dirs.inputDir(), dirs.outputDir());
        PrometheusMeterRegistry meters = Metrics.prometheus();
        if (config.storage().redisUrl().isEmpty() || config.storage().databaseUrl().isEmpty()) {
            resources.push(DataDirLock.acquire(dirs.dataDir()));
        }

        URI redisUrl = config.storage().redisUrl().orElse(null);
        if (redisUrl == null) {
            EmbeddedRedis embedded = EmbeddedRedis.start(dirs.redisDir());
            resources.push(embedded);
            redisUrl = embedded.url();
        }
        UnifiedJedis redis = RedisConnections.open(redisUrl);
        resources.push(redis);
        LOG.info("Redis: {}", RedisConnections.redact(redisUrl));

        ObjectMapper json = Json.mapper();
        RedisKeys keys = RedisKeys.withPrefix(config.storage().redisKeyPrefix());
        // why: read once; a policy that can evict checkpoints is a WARN, a health detail and a gauge, never a failed start
        EvictionPolicy eviction = EvictionPolicy.read(redis);
        eviction.register(meters);
        CheckpointStore checkpoints = config.checkpoints().enabled()
                ? CheckpointStore.redis(redis, keys, config.checkpoints().ttl(), clock, meters)
                : CheckpointStore.disabled(clock);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.shared(config.providers(), redis, redisUrl, keys,
                config.breakers(), clock, meters).start();
        resources.push(breakers);
        ProviderChain providerChain = Providers.chain(config, breakers, RateLimiter.redis(redis, keys, RateLimiter.DEFAULT_MAX_WAIT, meters),
                clock, meters);
        List<Pipeline> all = new ArrayList<>();
        all.add(new PdfProcessingPipeline(dirs.inputDir(), PdfLimits.from(config), providerChain));
        all.add(new ChapterGenerationPipeline(providerChain, dirs.outputDir()));
        all.addAll(extraPipelines);
        PipelineRegistry pipelines = PipelineRegistry.of(all.toArray(Pipeline[]::new));
        PipelineRunner runner = new PipelineRunner(pipelines, checkpoints, dirs, drain, meters);
        FinishedCheckpoints finished = new FinishedCheckpoints();
        PipelineJobRunner jobRunner = new PipelineJobRunner(runner, finished, meters);

        JacksonJsonMapper jobrunrJson = new JacksonJsonMapper();
        JobStorage storage = JobStorage.open(config.storage(), dirs, jobrunrJson);
        resources.push(storage);
        LOG.info("Job storage: {}", storage.description());

        DeadLetterQueue deadLetters = config.dlq().enabled() ? DeadLetterQueue.redis(redis, keys, config.dlq(), clock, meters) : null;
        DeadLetterShipper shipper = new DeadLetterShipper(deadLetters, storage.provider(), checkpoints,
                Duration.ofDays(config.dlq().retentionDays()), config.http().dashboardUrl(), clock);
        WorkSignal workSignal = WorkSignal.redis(redis, dedicatedConnections(redisUrl), keys, clock, meters);
        resources.push(workSignal);
        JobsReadySignaller readySignaller = new JobsReadySignaller(workSignal, clock);
        resources.push(readySignaller);
        JobLifecycleFilter lifecycle = new JobLifecycleFilter(
                new RetryPolicy(config.checkpoints().maxRetries(), config.checkpoints().retryBackoffSeed(),
                        config.checkpoints().maxCrashRecoveries(), config.checkpoints().maxRedisWait()),
                finished, checkpoints, runner, json, shipper, clock);
        BackgroundJobServerConfiguration serverConfig = BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andName("cairn-worker")
                .andPollInterval(config.storage().pollInterval());
        config.storage().workerCount().filter(n -> n > 0).ifPresent(serverConfig::andWorkerCount);
        JobRequestScheduler scheduler = new JobRequestScheduler(storage.provider(), List.of());
        dlq = deadLetters == null ? DlqService.disabled(clock)
                : new StorageDlqService(deadLetters, shipper, storage.provider(), checkpoints, config.dlq(), workSignal, clock, runner);
        if (dlq instanceof AutoCloseable closeable) resources.push(closeable);
        BooleanSupplier jobServerRunning;
        if (config.storage().runsJobs()) {
            server = new OnDemandBackgroundJobServer(JobServerStorage.groupingSuccesses(storage.provider()), jobrunrJson,
                    new CairnJobActivator(jobRunner, new DlqCleanupJob(dlq)), serverConfig);
            server.setJobFilters(List.of(lifecycle, readySignaller));
            // why: the lease is taken before the server runs jobs and released after it stopped (closed in reverse order)
            WorkerLeases leases = WorkerLeases.redis(redis, keys, config.leases().ttl(), json);
            resources.push(LeaseKeeper.start(leases, server.getId().toString(), WorkerName.current(), this::runningJobIds,
                    config.leases().renewEvery(), clock));
            server.start();
            resources.push(server);
            // why: JobRunr stops its server for good when job storage fails (a database outage); start it again once storage answers
            resources.push(new JobServerRevival(server, storage::ping).start(config.storage().pollInterval()));
            resources.push(workSignal.onJobsReady(server));
            resources.push(reclaimer(config, leases, storage, clock, meters).start(config.leases().reapEvery()));
            new BackgroundJobServerMetricsBinder(server, meters);
            jobServerRunning = server::isRunning;
        } else {
            // why: an API node (CAIRN_WORKER_COUNT=0) takes jobs in for the fleet and runs none; no lease, since it holds no job
            LOG.info("CAIRN_WORKER_COUNT=0: this worker serves the API and the dashboard and runs no jobs");
            jobServerRunning = () -> true;
        }
        new StorageProviderMetricsBinder(storage.provider(), meters);

        if (config.http().dashboardPort() > 0) {
            resources.push(DashboardServer.start(storage.provider(), jobrunrJson, config.http().bind(), config.http().dashboardPort(),
                    config.http().dashboardUser(), config.http().dashboardPassword(), BrowserGuard.of(config.http())));
        }

        jobs = JobService.create(pipelines, storage.provider(), scheduler, checkpoints, dirs.outputDir(), json, workSignal);
        if (deadLetters != null) {
            DlqCleanupJobRequest.schedule(scheduler, config.dlq().cleanupCron());
            resources.push(shipper.reconcileInBackground(DLQ_RECONCILE_EVERY));
        } else {
            scheduler.deleteRecurringJob(DlqCleanupJobRequest.RECURRING_JOB_ID);
        }
        // why: stopped while closing too, when readiness must fail anyway
        WorkerHealth health = new WorkerHealth(storage, new RedisProbe(redis, keys), eviction, dirs.dataDir(), jobServerRunning);
        resources.push(DependencyGauges.start(storage, redis, deadLetters, meters));
        http = new HttpApi(config.http(), config.batch(), dirs.inputDir(), jobs, health, breakers, dlq, meters, clock, Metrics.version());
        http.start();
        resources.push(http);
        health.markStarted();

        shutdownHook = new Thread(this::close, "cairn-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("Cairn worker {} ready: API on http://{}:{}, data in {}", Metrics.version(), config.http().bind(), http.port(), dirs.dataDir());
    }

    /**
     * JobRunr touches a running job every poll interval and calls it orphaned after
     * {@code serverTimeoutPollIntervalMultiplicand} of them (4): a job silent for 1.5 poll intervals whose
     * worker's lease expired is reclaimed by Cairn, one silent for longer than that minus half an interval
     * is left to JobRunr's orphan task, so both never race for one job.
     */
    private CrashReclaimer reclaimer(CairnConfig config, WorkerLeases leases, JobStorage storage, Clock clock, PrometheusMeterRegistry meters) {
        Duration poll = config.storage().pollInterval();
        Duration jobRunrOrphanAfter = poll.multipliedBy(server.getConfiguration().getServerTimeoutPollIntervalMultiplicand());
        return new CrashReclaimer(leases, storage.provider(), server::getJobFilters, poll.multipliedBy(3).dividedBy(2),
                jobRunrOrphanAfter.minus(poll.dividedBy(2)), clock, meters);
    }

    private List<String> runningJobIds() {
        return server.getJobSteward().getJobsInProgress().stream().map(job -> job.getId().toString()).toList();
    }

    private static Supplier<Jedis> dedicatedConnections(URI redisUrl) {
        return () -> RedisConnections.dedicated(redisUrl);
    }

    /** @return the port the HTTP API listens on */
    public int httpPort() {
        return http.port();
    }

    /** @return the worker's job service, for embedding and tests */
    public JobService jobs() {
        return jobs;
    }

    /** @return the dead-letter queue's operations, for embedding and tests */
    public DlqService dlq() {
        return dlq;
    }

    /** Blocks until the worker has shut down (SIGTERM or {@link #close()}). */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Graceful shutdown: stop taking jobs, let running steps reach a checkpoint, stop Redis if embedded. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Cairn worker shutting down: running steps stop at their next checkpoint");
        drain.drain();
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Error while shutting down: {}", e.getMessage());
            }
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // why: close() called while the JVM is already exiting
            }
        }
        terminated.countDown();
        LOG.info("Cairn worker stopped");
    }

    private static void createDirectories(Path... dirs) {
        for (Path dir : dirs) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
