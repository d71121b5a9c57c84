package dev.cairn.jobs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.CairnConfig;
import dev.cairn.fleet.WorkerInfo;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.pipeline.DrainSignal;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.redis.RedisKeys;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.filters.JobDefaultFilters;
import org.jobrunr.jobs.filters.JobFilterUtils;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobrunr.storage.Paging.AmountBasedList.ascOnUpdatedAt;

/**
 * A job its worker went away from runs before the jobs that were enqueued after it, instead of behind
 * the whole backlog: JobRunr takes ENQUEUED jobs oldest {@code updatedAt} first, and the job keeps its
 * original place when it is enqueued again (after a crash, or after a shutdown interrupted it).
 */
class RecoveredJobOrderTest {

    private static final int BACKLOG = 5;

    @TempDir
    Path tmp;
    private JobStorage storage;
    private JobLifecycleFilter lifecycle;
    private BackgroundJobServer takingServer;
    private final Clock clock = Clock.systemUTC();
    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final WorkerLeases leases = WorkerLeases.redis(TestRedis.client(), keys, Duration.ofMillis(200), new ObjectMapper());

    @BeforeEach
    void setUp() {
        CairnConfig config = CairnConfig.fromEnv(TestEnv.worker(tmp.resolve("data")));
        storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CheckpointStore checkpoints = CheckpointStore.disabled(clock);
        PipelineRunner runner = new PipelineRunner(PipelineRegistry.of(Pipeline.of("test", List.of(Step.of("work", ctx -> { })))),
                checkpoints, config.directories(), new DrainSignal(), meters);
        DeadLetterShipper noDlq = new DeadLetterShipper(null, storage.provider(), checkpoints, Duration.ofDays(30), Optional.empty(), clock);
        lifecycle = new JobLifecycleFilter(new RetryPolicy(2, 1, 3), new FinishedCheckpoints(), checkpoints, runner, new ObjectMapper(), noDlq, clock);
        // why: never started; only lends its id and filters to JobRunr's own "take enqueued jobs" query
        takingServer = new BackgroundJobServer(storage.provider(), new JacksonJsonMapper(), null,
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration().andWorkerCount(1));
        takingServer.setJobFilters(List.of(lifecycle));
    }

    @AfterEach
    void tearDown() {
        storage.close();
        TestRedis.client().del(keys.workers("leases"), keys.workers("info"));
    }

    /** A job enqueued a minute ago and running on {@code server} since, silent for 10 s. */
    private Job runningSinceAMinuteAgoOn(UUID server) {
        Instant now = clock.instant();
        JobDetails details = new JobDetails(new PipelineJobRequest("test", Map.of("n", "early")));
        Job job = new Job(UUID.randomUUID(), 0, details, List.of(new EnqueuedState(now.minusSeconds(60)),
                new ProcessingState(server, "worker-" + server, now.minusSeconds(59), now.minusSeconds(10))), new ConcurrentHashMap<>());
        return storage.provider().save(job);
    }

    private void enqueueBacklog() {
        for (int i = 0; i < BACKLOG; i++) {
            storage.provider().save(new Job(new JobDetails(new PipelineJobRequest("test", Map.of("n", i)))));
        }
    }

    /** @return the job JobRunr's onboarding query hands a worker with one free thread */
    private UUID nextTaken() {
        List<Job> taken = storage.provider().getJobsToProcess(takingServer, ascOnUpdatedAt(1));
        assertThat(taken).hasSize(1);
        return taken.get(0).getId();
    }

    @Test
    void shouldTakeAJobHandedBackAfterACrashBeforeTheBacklog() {
        UUID dead = UUID.randomUUID();
        Job recovered = runningSinceAMinuteAgoOn(dead);
        enqueueBacklog();
        leases.renew(new WorkerInfo(dead.toString(), "worker-" + dead, List.of(recovered.getId().toString()), 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> !leases.expired(10).isEmpty());
        CrashReclaimer reclaimer = new CrashReclaimer(leases, storage.provider(), () -> new JobDefaultFilters(lifecycle),
                Duration.ofSeconds(5), Duration.ofSeconds(30), clock, new SimpleMeterRegistry());

        assertThat(reclaimer.reclaim()).isEqualTo(1);
        assertThat(storage.provider().getJobById(recovered.getId()).getState()).as("a crash recovery enqueues it at once")
                .isEqualTo(StateName.ENQUEUED);

        assertThat(nextTaken()).as("the recovered job, not the oldest of the %d jobs enqueued after it", BACKLOG)
                .isEqualTo(recovered.getId());
        assertThat(storage.provider().getJobList(StateName.ENQUEUED, ascOnUpdatedAt(100))).as("the backlog keeps its order")
                .hasSize(BACKLOG);
    }

    @Test
    void shouldTakeAJobAShutdownInterruptedBeforeTheBacklog() {
        Job interrupted = runningSinceAMinuteAgoOn(UUID.randomUUID());
        enqueueBacklog();
        JobFilterUtils filters = new JobFilterUtils(new JobDefaultFilters(lifecycle));
        // the worker's shutdown interrupts the job: it is rescheduled as a wait (JobRunr's performer path)
        interrupted.failed("An exception occurred during the performance of the job", new InterruptedException("shutdown"));
        filters.runOnStateElectionFilter(interrupted);
        assertThat(interrupted.getState()).isEqualTo(StateName.SCHEDULED);
        interrupted = storage.provider().save(interrupted);
        filters.runOnStateAppliedFilters(interrupted);
        // JobRunr's scheduler enqueues it once due (ProcessScheduledJobsTask, through the same filters)
        interrupted.enqueue();
        filters.runOnStateElectionFilter(interrupted);
        storage.provider().save(interrupted);

        assertThat(nextTaken()).as("the interrupted job, not the oldest of the %d jobs enqueued after it", BACKLOG)
                .isEqualTo(interrupted.getId());
    }
}
