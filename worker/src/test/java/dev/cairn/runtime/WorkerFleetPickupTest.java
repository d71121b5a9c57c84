package dev.cairn.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.CairnConfig;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.jobs.JobService;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.server.tasks.steward.OnboardNewWorkTask;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three workers on one job storage and Redis, polling only every minute: the "jobs ready" signal alone
 * must spread waiting jobs over every idle worker. A signal is answered by one worker, which passes it
 * on when it filled its threads, so a backlog reaches the second and third worker without a poll.
 */
class WorkerFleetPickupTest {

    private static final int WORKERS = 3;
    private static final int THREADS = 2;

    @TempDir
    Path tmp;
    private final List<Worker> fleet = new ArrayList<>();
    /** Job name → the worker (0, 1, 2) that started it. */
    private final Map<String, Integer> startedOn = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Logger onboardLog = (Logger) LoggerFactory.getLogger(OnboardNewWorkTask.class);
    private final ListAppender<ILoggingEvent> onboardPasses = new ListAppender<>();
    private Level onboardLevel;
    private Map<String, String> shared;

    @BeforeEach
    void startFleet() {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "workers share a job storage only on PostgreSQL");
        // why: JobRunr logs each onboarding query it makes; the test waits for each worker's first poll through it
        onboardLevel = onboardLog.getLevel();
        onboardLog.setLevel(Level.DEBUG);
        onboardPasses.start();
        onboardLog.addAppender(onboardPasses);

        shared = TestEnv.worker(tmp.resolve("worker-0"));
        shared.put("CAIRN_POLL_INTERVAL_SECONDS", "60");
        shared.put("CAIRN_WORKER_COUNT", Integer.toString(THREADS));
        for (int i = 0; i < WORKERS; i++) {
            Map<String, String> env = new HashMap<>(shared);
            env.put("CAIRN_DATA_DIR", tmp.resolve("worker-" + i).toString());
            fleet.add(Worker.builder(CairnConfig.fromEnv(env)).pipeline(hold(i)).start());
        }
        // why: JobRunr's first poll runs a second after start; past it, only a signal finds a job within the minute
        await("each worker's first poll").atMost(Duration.ofSeconds(20)).until(() -> pollPasses() >= WORKERS);
    }

    @AfterEach
    void stopFleet() {
        release.countDown();
        fleet.forEach(Worker::close);
        onboardLog.detachAppender(onboardPasses);
        onboardLog.setLevel(onboardLevel);
    }

    /** A pipeline that records which worker started a job, then holds it until the test releases it. */
    private Pipeline hold(int worker) {
        return Pipeline.of("hold", List.of(Step.of("hold", ctx -> {
            String name = ctx.payload().requireString("name");
            startedOn.put(name, worker);
            if (!release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            finished.add(name);
        })));
    }

    /** @return onboarding queries run by JobRunr's own poll (its zookeeper threads), not by a signal or a finished job */
    private long pollPasses() {
        return onboardPasses.list.stream().filter(e -> e.getThreadName().startsWith("backgroundjob-zookeeper-pool")).count();
    }

    private static JobSubmission job(String name) {
        return new JobSubmission("hold", Map.of("name", name), null);
    }

    @Test
    void shouldSpreadABacklogOverEveryIdleWorkerFromOneSignal() {
        CairnConfig config = CairnConfig.fromEnv(shared);
        try (JobStorage storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper())) {
            // a backlog enqueued without a signal, as if its signals were lost
            JobService silent = JobService.create(PipelineRegistry.of(hold(-1)), storage.provider(),
                    new JobRequestScheduler(storage.provider(), List.of()), CheckpointStore.disabled(Clock.systemUTC()),
                    config.directories().outputDir(), new ObjectMapper(), WorkSignal.none(), new SimpleMeterRegistry());
            int jobs = WORKERS * THREADS;
            for (int i = 1; i < jobs; i++) silent.submit(job("backlog-" + i));

            fleet.get(0).jobs().submit(job("signalled"));

            await("all " + jobs + " jobs start on the " + WORKERS + " workers long before the next poll")
                    .atMost(Duration.ofSeconds(20)).until(() -> startedOn.size() == jobs);
            assertThat(startedOn.values()).as("each worker filled its %d threads", THREADS)
                    .containsOnly(0, 1, 2).hasSize(jobs);
            for (int worker = 0; worker < WORKERS; worker++) {
                int w = worker;
                assertThat(startedOn.values().stream().filter(v -> v == w).count()).as("jobs on worker %d", w).isEqualTo(THREADS);
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> finished.size() == jobs);
        }
    }

    @Test
    void shouldRunABurstOfJobsFromManyClientsWithoutWaitingForThePoll() {
        release.countDown();
        List<String> names = IntStream.range(0, 30).mapToObj(i -> "burst-" + i).toList();

        CompletableFuture.allOf(IntStream.range(0, 8).mapToObj(client -> CompletableFuture.runAsync(() -> {
            for (int i = client; i < names.size(); i += 8) fleet.get(i % WORKERS).jobs().submit(job(names.get(i)));
        })).toArray(CompletableFuture[]::new)).join();

        await("every job of the burst runs long before the next poll").atMost(Duration.ofSeconds(30))
                .until(() -> finished.containsAll(names));
    }
}
