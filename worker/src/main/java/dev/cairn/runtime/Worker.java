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
import dev.cairn.http.BrowserGuard;
import dev.cairn.http.HttpApi;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.jobs.JobRunrSide;
import dev.cairn.jobs.JobService;
import dev.cairn.pdf.PdfLimits;
import dev.cairn.pdf.PdfProcessingPipeline;
import dev.cairn.pipeline.DrainSignal;
import dev.cairn.provider.ProviderChain;
import dev.cairn.ratelimit.ProducerLimits;
import dev.cairn.ratelimit.RateLimiter;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.redis.EmbeddedRedis;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisCircuitBreaker;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisServerFacts;
import dev.cairn.redis.RedisUrl;
import dev.cairn.tasks.PeriodicTasks;
import dev.cairn.runtime.internal.DashboardServer;
import dev.cairn.runtime.internal.DataDirLock;
import dev.cairn.runtime.internal.DependencyGauges;
import dev.cairn.runtime.internal.Json;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.runtime.internal.Metrics;
import dev.cairn.runtime.internal.WorkerName;
import dev.cairn.runtime.internal.Providers;
import dev.cairn.runtime.internal.PidFile;
import dev.cairn.runtime.internal.SharedProbe;
import dev.cairn.runtime.internal.WorkerHealth;
import dev.cairn.redis.EvictionPolicy;
import dev.cairn.redis.RedisProbe;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final DrainSignal drain = new DrainSignal();
    private Thread shutdownHook;
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
        // why: the worker's one scheduler for periodic work; closed last, after every task's owner stopped its task
        PeriodicTasks tasks = PeriodicTasks.start(meters, clock);
        resources.push(tasks);
        if (config.storage().redisUrl().isEmpty() || config.storage().databaseUrl().isEmpty()) {
            resources.push(DataDirLock.acquire(dirs.dataDir()));
        }

        URI redisUrl = config.storage().redisUrl().orElse(null);
        if (redisUrl == null) {
            EmbeddedRedis embedded = EmbeddedRedis.start(dirs.redisDir());
            resources.push(embedded);
            redisUrl = embedded.url();
        }
        // why: during an outage every command would wait out its 2 s timeout on every job thread; the breaker fails them at once
        RedisCircuitBreaker redisBreaker = RedisCircuitBreaker.create(RedisCircuitBreaker.DEFAULT_FAILURE_THRESHOLD, clock, meters);
        UnifiedJedis redis = RedisConnections.open(redisUrl, redisBreaker);
        resources.push(redis);
        resources.push(redisBreaker.startProbing(tasks, RedisCircuitBreaker.DEFAULT_PROBE_EVERY, redis::ping));
        LOG.info("Redis: {}", RedisConnections.redact(redisUrl));

        ObjectMapper json = Json.mapper();
        RedisKeys keys = RedisKeys.withPrefix(config.storage().redisKeyPrefix());
        // why: read once; a policy that can evict checkpoints is a WARN, a health detail and a gauge, never a failed start
        EvictionPolicy eviction = EvictionPolicy.read(redis);
        eviction.register(meters);
        CheckpointStore checkpoints = config.checkpoints().enabled()
                ? CheckpointStore.redis(redis, redisBreaker, keys, config.checkpoints().ttl(), clock, meters)
                : CheckpointStore.disabled(clock);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.shared(config.providers(), redis, redisUrl, keys,
                config.breakers(), clock, meters).start(tasks);
        resources.push(breakers);
        ProviderChain providerChain = Providers.chain(config, breakers, RateLimiter.redis(redis, keys, RateLimiter.DEFAULT_MAX_WAIT, meters),
                clock, meters);
        List<Pipeline> all = new ArrayList<>();
        all.add(new PdfProcessingPipeline(dirs.inputDir(), PdfLimits.from(config), providerChain));
        all.add(new ChapterGenerationPipeline(providerChain, dirs.outputDir()));
        all.addAll(extraPipelines);
        PipelineRegistry pipelines = PipelineRegistry.of(all.toArray(Pipeline[]::new));
        PipelineRunner runner = new PipelineRunner(pipelines, checkpoints, dirs, drain, meters);
        JacksonJsonMapper jobrunrJson = new JacksonJsonMapper();
        JobStorage storage = JobStorage.open(config.storage(), dirs, jobrunrJson);
        resources.push(storage);
        LOG.info("Job storage: {}", storage.description());
        // why: one probe per dependency, whose result /health, the *_up gauges and the job-server revival share
        SharedProbe storageProbe = new SharedProbe(storage::ping);
        SharedProbe redisProbe = new SharedProbe(new RedisProbe(redis, keys)::check);

        DeadLetterQueue deadLetters = config.dlq().enabled() ? DeadLetterQueue.redis(redis, keys, config.dlq(), clock, meters) : null;
        WorkSignal workSignal = WorkSignal.redis(redis, dedicatedConnections(redisUrl), keys, clock, meters);
        resources.push(workSignal);
        JobRunrSide jobRunr = JobRunrSide.start(new JobRunrSide.Parts(config, tasks, storage.provider(), storageProbe::requireUp, jobrunrJson, redis, keys,
                workSignal, checkpoints, pipelines, runner, deadLetters, json, dirs.outputDir(), WorkerName.current(), meters, clock));
        resources.push(jobRunr);
        jobRunr.wakeWaitersWhenBreakersClose(breakers);
        jobs = jobRunr.jobs();
        dlq = jobRunr.dlq();
        new StorageProviderMetricsBinder(storage.provider(), meters);

        if (config.http().dashboardPort() > 0) {
            resources.push(DashboardServer.start(storage.provider(), jobrunrJson, config.http().bind(), config.http().dashboardPort(),
                    config.http().dashboardUser(), config.http().dashboardPassword(), BrowserGuard.of(config.http())));
        }

        ProducerLimits producerLimits = ProducerLimits.of(config.apiLimits(), redis, keys, meters);
        // why: stopped while closing too, when readiness must fail anyway
        WorkerHealth health = new WorkerHealth(storageProbe, storage.description(), redisProbe, eviction, dirs.dataDir(), jobRunr::jobServerRunning,
                new WorkerHealth.RedisDetails(RedisUrl.parse(redisUrl).mode().name().toLowerCase(java.util.Locale.ROOT), redisBreaker,
                        () -> RedisServerFacts.read(redis, eviction), jobRunr::dlqShippingPending, producerLimits::usingLocalBuckets));
        resources.push(DependencyGauges.start(tasks, storageProbe, redisProbe, deadLetters, meters));
        // why: a reader of the same leases the job server renews, for GET /api/workers (an API-only worker has none of its own)
        WorkerLeases fleet = WorkerLeases.redis(redis, keys, config.leases().ttl(), json);
        http = new HttpApi(config.http(), config.batch(), dirs.inputDir(), PdfLimits.from(config), jobs, health, breakers, dlq, producerLimits, meters,
                clock, Metrics.version(), java.util.Optional.of(fleet));
        http.start();
        resources.push(http);
        health.markStarted();

        shutdownHook = new Thread(this::close, "cairn-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        PidFile pid = PidFile.write(dirs.dataDir());
        resources.push(pid);
        LOG.info("Cairn worker {} ready: API on http://{}:{}, data in {}, pid {}{}", Metrics.version(), config.http().bind(), http.port(),
                dirs.dataDir(), pid.pid(), pid.file() == null ? "" : " (in " + pid.file() + ")");
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
