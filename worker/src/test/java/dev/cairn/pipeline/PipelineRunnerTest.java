package dev.cairn.pipeline;

import dev.cairn.api.CairnException;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.RescheduleException;
import dev.cairn.api.StepView;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.checkpoint.StaleAttemptException;
import dev.cairn.config.Directories;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisUnavailableException;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineRunnerTest {

    @TempDir
    Path dataDir;

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final DrainSignal drain = new DrainSignal();

    private Directories dirs() {
        return new Directories(dataDir, dataDir.resolve("input"), dataDir.resolve("output"));
    }

    private CheckpointStore store(UnifiedJedis redis) {
        return CheckpointStore.redis(redis, keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private PipelineRunner runner(Pipeline pipeline, CheckpointStore store) {
        return new PipelineRunner(PipelineRegistry.of(pipeline), store, dirs(), drain, new SimpleMeterRegistry());
    }

    private Step counted(String name, Step.Body body) {
        return Step.of(name, ctx -> {
            executions.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            body.run(ctx);
        });
    }

    /** @return an attempt of the job run on another thread: what it threw, or null */
    private static java.util.concurrent.CompletableFuture<Throwable> attemptInBackground(PipelineRunner runner, String job) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                runner.run(job, "p", JobPayload.of(Map.of()));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    private int executed(String step) {
        return executions.getOrDefault(step, new AtomicInteger()).get();
    }

    @Test
    void shouldStartAStepInTheWriteThatBeganTheAttemptOrFinishedTheStepBefore() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CheckpointStore store = CheckpointStore.redis(TestRedis.client(), keys, Duration.ofHours(1), Clock.systemUTC(), meters);
        Pipeline pipeline = Pipeline.of("three-steps", List.of(counted("a", ctx -> { }), counted("b", ctx -> { }), counted("c", ctx -> { })));
        String job = UUID.randomUUID().toString();

        CheckpointView done = runner(pipeline, store).run(job, "three-steps", JobPayload.of(Map.of()), StepEvents.NONE, null);

        // begin + start a, finish a + start b, finish b + start c, finish c: four round trips, not seven
        assertThat(meters.get(dev.cairn.metrics.MetricNames.CHECKPOINT_WRITES).tag("outcome", "ok").counter().count()).isEqualTo(4);
        assertThat(done.steps()).extracting(StepView::status).containsOnly("completed");
        assertThat(done.steps()).extracting(StepView::runs).containsOnly(1);
        assertThat(store.read(job).orElseThrow().steps()).extracting(StepView::runs).containsExactly(1, 1, 1);
        assertThat(executed("a") + executed("b") + executed("c")).isEqualTo(3);
    }

    @Test
    void shouldNeverRunACompletedStepAgainAfterAFailure() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        Pipeline pipeline = Pipeline.of("p", List.of(
                counted("first", ctx -> ctx.setOutput("from-first")),
                counted("second", ctx -> {
                    assertThat(ctx.output("first")).contains("from-first");
                    if (failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("boom");
                }),
                counted("third", ctx -> { })));
        PipelineRunner runner = runner(pipeline, store(TestRedis.client()));
        String job = UUID.randomUUID().toString();

        assertThatThrownBy(() -> runner.run(job, "p", JobPayload.of(Map.of()))).hasMessage("boom");
        CheckpointView view = runner.run(job, "p", JobPayload.of(Map.of()));

        assertThat(executed("first")).isEqualTo(1);
        assertThat(executed("second")).isEqualTo(2);
        assertThat(executed("third")).isEqualTo(1);
        assertThat(view.steps()).extracting(StepView::runs).containsExactly(1, 2, 1);
        assertThat(view.steps()).allMatch(StepView::isDone);
        assertThat(view.resumedCount()).isEqualTo(1);
        assertThat(view.progressPercent()).isEqualTo(100.0);
    }

    @Test
    void shouldResumeAnInterruptedStepFromItsLastCursor() throws Exception {
        List<String> seenCursors = new ArrayList<>();
        List<Integer> processed = new ArrayList<>();
        AtomicInteger crashAt = new AtomicInteger(4);
        Pipeline pipeline = Pipeline.of("p", List.of(counted("loop", ctx -> {
            seenCursors.add(ctx.cursor().orElse("none"));
            int from = ctx.cursor().map(Integer::parseInt).orElse(1);
            for (int i = from; i <= 6; i++) {
                if (i == crashAt.get()) {
                    crashAt.set(-1);
                    throw new IllegalStateException("crash at " + i);
                }
                processed.add(i);
                ctx.checkpoint(Integer.toString(i + 1), i / 6.0);
            }
        })));
        PipelineRunner runner = runner(pipeline, store(TestRedis.client()));
        String job = UUID.randomUUID().toString();

        assertThatThrownBy(() -> runner.run(job, "p", JobPayload.of(Map.of())));
        runner.run(job, "p", JobPayload.of(Map.of()));

        assertThat(seenCursors).containsExactly("none", "4");
        assertThat(processed).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void shouldStopAFencedOffAttemptWithoutTouchingTheNewerAttemptsCheckpoint() throws Exception {
        CheckpointStore store = store(TestRedis.client());
        String job = UUID.randomUUID().toString();
        java.util.concurrent.CountDownLatch paused = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger attempt = new AtomicInteger();
        Pipeline pipeline = Pipeline.of("p", List.of(counted("work", ctx -> {
            if (attempt.incrementAndGet() == 1) {
                ctx.checkpoint("1", 0.1);
                paused.countDown();
                resume.await(); // a long GC pause or a network split: JobRunr hands the job on meanwhile
                ctx.checkpoint("2", 0.2);
                throw new AssertionError("the stale attempt must not get here");
            }
            ctx.checkpoint("newer", 0.5);
        })));
        PipelineRunner runner = runner(pipeline, store);
        java.util.concurrent.CompletableFuture<Throwable> stale = attemptInBackground(runner, job);
        paused.await();
        runner.run(job, "p", JobPayload.of(Map.of()));
        resume.countDown();

        assertThat(stale.get()).isInstanceOf(StaleAttemptException.class);
        CheckpointView view = store.read(job).orElseThrow();
        assertThat(view.step("work").status()).isEqualTo("completed");
        assertThat(view.step("work").runs()).isEqualTo(2);
    }

    @Test
    void shouldRescheduleInsteadOfRunningWhenRedisIsUnreachable() {
        try (OwnRedis own = OwnRedis.start(); RedisClient client = RedisConnections.connect(own.url())) {
            Pipeline pipeline = Pipeline.of("p", List.of(counted("paid", ctx -> { })));
            PipelineRunner runner = runner(pipeline, store(client));
            own.stop();

            assertThatThrownBy(() -> runner.run(UUID.randomUUID().toString(), "p", JobPayload.of(Map.of())))
                    .isInstanceOf(RedisUnavailableException.class)
                    .isInstanceOf(RescheduleException.class);
            assertThat(executed("paid")).isZero();
        }
    }

    @Test
    void shouldWaitWhenRedisFailsMidStepAndResumeFromTheCheckpointWhenItIsBack() throws Exception {
        try (OwnRedis own = OwnRedis.start(); RedisClient client = RedisConnections.connect(own.url())) {
            List<Integer> processed = new ArrayList<>();
            Pipeline pipeline = Pipeline.of("p", List.of(
                    counted("before", ctx -> { }),
                    counted("loop", ctx -> {
                        int from = ctx.cursor().map(Integer::parseInt).orElse(1);
                        for (int i = from; i <= 5; i++) {
                            processed.add(i);
                            if (i == 3 && processed.size() == 3) own.stop();
                            ctx.checkpoint(Integer.toString(i + 1), i / 5.0);
                        }
                    })));
            PipelineRunner runner = runner(pipeline, store(client));
            String job = UUID.randomUUID().toString();

            assertThatThrownBy(() -> runner.run(job, "p", JobPayload.of(Map.of()))).isInstanceOf(RescheduleException.class);
            own.restart();
            CheckpointView view = runner.run(job, "p", JobPayload.of(Map.of()));

            assertThat(processed).containsExactly(1, 2, 3, 3, 4, 5);
            assertThat(executed("before")).isEqualTo(1);
            assertThat(view.step("loop").runs()).isEqualTo(2);
        }
    }

    @Test
    void shouldStopAtTheNextCheckpointWhenTheWorkerDrainsAndResumeThere() throws Exception {
        List<Integer> processed = new ArrayList<>();
        Pipeline pipeline = Pipeline.of("p", List.of(counted("loop", ctx -> {
            int from = ctx.cursor().map(Integer::parseInt).orElse(1);
            for (int i = from; i <= 4; i++) {
                processed.add(i);
                if (i == 2) drain.drain();
                ctx.checkpoint(Integer.toString(i + 1), i / 4.0);
            }
        })));
        CheckpointStore store = store(TestRedis.client());
        String job = UUID.randomUUID().toString();

        assertThatThrownBy(() -> runner(pipeline, store).run(job, "p", JobPayload.of(Map.of())))
                .isInstanceOfSatisfying(RescheduleException.class, e -> assertThat(e.delay()).isZero());
        assertThat(store.read(job).orElseThrow().step("loop").cursor()).isEqualTo("3");

        PipelineRunner afterRestart = new PipelineRunner(PipelineRegistry.of(pipeline), store, dirs(), new DrainSignal(), new SimpleMeterRegistry());
        afterRestart.run(job, "p", JobPayload.of(Map.of()));
        assertThat(processed).containsExactly(1, 2, 3, 4);
    }

    /**
     * Issue #14 item 5: a fenced-off attempt wrote its spilled output to the same file as the winner, after the
     * winner had cleaned up (or over the file the winner's checkpoint points to) before its write was refused.
     */
    @Test
    void shouldLeaveNoSpilledOutputOfAFencedOffAttemptAfterTheWinnersCleanUp() throws Exception {
        CheckpointStore store = store(TestRedis.client());
        String job = UUID.randomUUID().toString();
        java.util.concurrent.CountDownLatch paused = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger attempt = new AtomicInteger();
        Pipeline pipeline = Pipeline.of("p", List.of(counted("produce", ctx -> {
            if (attempt.incrementAndGet() == 1) {
                paused.countDown();
                resume.await(); // frozen while the job is handed on, finished and cleaned up
                ctx.setOutput("stale".repeat(2_000));
                return;
            }
            ctx.setOutput("winner".repeat(2_000));
        })));
        PipelineRunner runner = runner(pipeline, store);
        java.util.concurrent.CompletableFuture<Throwable> stale = attemptInBackground(runner, job);
        paused.await();
        runner.run(job, "p", JobPayload.of(Map.of()));
        store.delete(job); // the job SUCCEEDED: its checkpoint and spilled outputs are removed
        runner.cleanUp(job);
        resume.countDown();

        assertThat(stale.get()).isInstanceOf(StaleAttemptException.class);
        Path jobOutputs = dirs().stepOutputDir().resolve(job);
        assertThat(Files.exists(jobOutputs) ? Files.list(jobOutputs).toList() : List.of())
                .as("nothing the fenced-off attempt wrote survives the winner's clean-up").isEmpty();
    }

    @Test
    void shouldKeepLargeOutputsInFilesAndOnlyAReferenceInRedis() throws Exception {
        String big = "x".repeat(100_000);
        Pipeline pipeline = Pipeline.of("p", List.of(
                counted("produce", ctx -> ctx.setOutput(big)),
                counted("consume", ctx -> assertThat(ctx.output("produce")).contains(big))));
        String job = UUID.randomUUID().toString();
        runner(pipeline, store(TestRedis.client())).run(job, "p", JobPayload.of(Map.of()));

        String stored = TestRedis.client().hget(keys.checkpoint(job), "s.produce.out");
        assertThat(stored).startsWith("@").hasSizeLessThan(200);
        assertThat(Files.readString(dataDir.resolve(stored.substring(1)))).isEqualTo(big);
    }

    @Test
    void shouldRerunEverythingWhenCheckpointsAreDisabled() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        Pipeline pipeline = Pipeline.of("p", List.of(
                counted("first", ctx -> { }),
                counted("second", ctx -> {
                    if (failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("boom");
                })));
        PipelineRunner runner = runner(pipeline, CheckpointStore.disabled(Clock.systemUTC()));
        String job = UUID.randomUUID().toString();

        assertThatThrownBy(() -> runner.run(job, "p", JobPayload.of(Map.of())));
        runner.run(job, "p", JobPayload.of(Map.of()));

        assertThat(executed("first")).isEqualTo(2);
        assertThat(TestRedis.client().exists(keys.checkpoint(job))).isFalse();
    }

    @Test
    void shouldRecordASkippedStepAndNotRunItAgain() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        Pipeline pipeline = Pipeline.of("p", List.of(
                counted("optional", ctx -> ctx.skip("not asked for")),
                counted("last", ctx -> {
                    if (failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("boom");
                })));
        PipelineRunner runner = runner(pipeline, store(TestRedis.client()));
        String job = UUID.randomUUID().toString();
        assertThatThrownBy(() -> runner.run(job, "p", JobPayload.of(Map.of())));
        CheckpointView view = runner.run(job, "p", JobPayload.of(Map.of()));

        assertThat(view.step("optional").status()).isEqualTo(StepView.SKIPPED);
        assertThat(executed("optional")).isEqualTo(1);
    }

    @Test
    void shouldFailPermanentlyWithoutRunningAStepWhenThePayloadIsInvalid() {
        Pipeline strict = new Pipeline() {
            @Override
            public String name() {
                return "strict";
            }

            @Override
            public List<Step> steps() {
                return List.of(counted("work", ctx -> { }));
            }

            @Override
            public void validate(JobPayload payload) {
                payload.requireString("file");
            }
        };
        assertThatThrownBy(() -> runner(strict, store(TestRedis.client())).run(UUID.randomUUID().toString(), "strict", JobPayload.of(Map.of())))
                .satisfies(e -> assertThat(CairnException.isPermanent(e)).isTrue())
                .hasMessageContaining("'file'");
        assertThat(executed("work")).isZero();
    }

    @Test
    void shouldKeepTheResultsAJobWroteItselfWhenRedisLostItsCheckpointAndMoveAsideAnEarlierJobs() throws Exception {
        Pipeline pipeline = Pipeline.of("p", List.of(counted("write", ctx -> {
            java.nio.file.Files.writeString(ctx.outputDir().resolve("result-" + executed("write") + ".txt"), "paid for");
        })));
        CheckpointStore store = store(TestRedis.client());
        PipelineRunner runner = runner(pipeline, store);

        // this job wrote its result, then Redis lost its checkpoint (a restart without persistence, FLUSHALL)
        String job = UUID.randomUUID().toString();
        java.time.Instant created = java.time.Instant.now().minusSeconds(60);
        runner.run(job, "p", JobPayload.of(Map.of()), StepEvents.NONE, created);
        TestRedis.client().del(keys.checkpoint(job));
        runner.run(job, "p", JobPayload.of(Map.of()), StepEvents.NONE, created);
        assertThat(dataDir.resolve("output").resolve(job)).as("its own results stay where they are")
                .isDirectoryContaining("glob:**/result-1.txt").isDirectoryContaining("glob:**/result-2.txt");

        // a new job with the same id (its idempotency key used again after JobRunr deleted the first one)
        TestRedis.client().del(keys.checkpoint(job));
        runner.run(job, "p", JobPayload.of(Map.of()), StepEvents.NONE, java.time.Instant.now().plusSeconds(1));
        assertThat(dataDir.resolve("output").resolve(job)).as("the new job's own directory holds its result alone")
                .isDirectoryContaining("glob:**/result-3.txt").isDirectoryNotContaining("glob:**/result-1.txt");
        try (var siblings = java.nio.file.Files.list(dataDir.resolve("output"))) {
            assertThat(siblings.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(job + ".replaced-"));
        }
    }
}
