package dev.cairn.runtime;

import dev.cairn.api.CairnException;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.RescheduleException;
import dev.cairn.api.StepView;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.config.CairnConfig;
import dev.cairn.jobs.IdempotencyConflictException;
import dev.cairn.pipeline.UnknownJobTypeException;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A worker in this JVM on the real job storage and Redis: how JobRunr states, retries and the
 * checkpoint fit together. Jobs run in parallel to share JobRunr's 5 s poll ticks.
 */
class WorkerJobLifecycleTest {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    @TempDir
    static Path dataDir;
    private static Worker worker;
    private static Map<String, String> env;

    private static int calls(String key) {
        return CALLS.computeIfAbsent(key, k -> new AtomicInteger()).get();
    }

    private static int call(String key) {
        return CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static String key(dev.cairn.api.pipeline.StepContext ctx, String what) {
        return ctx.payload().requireString("name") + "/" + what;
    }

    @BeforeAll
    static void startWorker() {
        env = TestEnv.worker(dataDir);
        env.put("CAIRN_JOB_MAX_RETRIES", "2");
        env.put("CAIRN_JOB_RETRY_BACKOFF_SEED", "1");
        Pipeline test = Pipeline.of("test", List.of(
                Step.of("prepare", ctx -> call(key(ctx, "prepare"))),
                Step.of("work", ctx -> {
                    int n = call(key(ctx, "work"));
                    String mode = ctx.payload().optionalString("mode").orElse("ok");
                    switch (mode) {
                        case "wait-once" -> {
                            if (n == 1) throw new RescheduleException("provider busy", Duration.ZERO, null);
                        }
                        case "fail-once" -> {
                            if (n == 1) throw new IllegalStateException("flaky");
                        }
                        case "always-fail" -> throw new IllegalStateException("always broken");
                        case "lose-checkpoint" -> {
                            // Redis loses the job's checkpoint mid-step (a restart without persistence, FLUSHALL, eviction)
                            if (n <= 3) TestRedis.client().del(env.get("CAIRN_REDIS_KEY_PREFIX") + "ckpt:{" + ctx.jobId() + "}");
                            ctx.checkpoint("half", 0.5);
                        }
                        case "permanent" -> throw CairnException.permanent("the input is unusable");
                        default -> { }
                    }
                })));
        worker = Worker.builder(CairnConfig.fromEnv(env)).pipeline(test).start();
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) worker.close();
    }

    private static String submit(String name, String mode) {
        return worker.jobs().submit(new JobSubmission("test", Map.of("name", name, "mode", mode), null)).jobId();
    }

    private static JobView awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> worker.jobs().find(id).map(JobView::state).orElse(""), s -> s.equals(state));
        return worker.jobs().find(id).orElseThrow();
    }

    @Test
    void shouldRunJobsToSuccessRetryFailuresAndNotChargeWaits() {
        String ok = submit("ok", "ok");
        String waiting = submit("waiting", "wait-once");
        String flaky = submit("flaky", "fail-once");
        String broken = submit("broken", "always-fail");
        String permanent = submit("permanent", "permanent");

        JobView okView = awaitState(ok, "SUCCEEDED");
        assertThat(okView.attempts()).isEqualTo(1);
        assertThat(okView.checkpoint()).as("the step table is kept with the succeeded job").isNotNull();
        assertThat(okView.checkpoint().steps()).extracting(StepView::runs).containsExactly(1, 1);
        assertThat(okView.result()).containsKey("output_dir");
        // a succeeded job's checkpoint goes with the next batch of deletions, at most 200 ms later
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(TestRedis.client().exists(env.get("CAIRN_REDIS_KEY_PREFIX") + "ckpt:{" + ok + "}"))
                        .as("Redis keeps only checkpoints of unfinished jobs").isFalse());

        JobView waited = awaitState(waiting, "SUCCEEDED");
        assertThat(waited.attempts()).isEqualTo(2);
        assertThat(calls("waiting/prepare")).as("the finished step is not rerun after a wait").isEqualTo(1);
        assertThat(waited.checkpoint().step("work").runs()).isEqualTo(2);
        assertThat(waited.checkpoint().resumedCount()).isEqualTo(1);

        JobView flakyView = awaitState(flaky, "SUCCEEDED");
        assertThat(calls("flaky/prepare")).isEqualTo(1);
        assertThat(flakyView.checkpoint().step("work").runs()).isEqualTo(2);

        JobView permanentView = awaitState(permanent, "FAILED");
        assertThat(permanentView.attempts()).as("a permanent error spends no retry").isEqualTo(1);
        assertThat(permanentView.error().message()).isEqualTo("the input is unusable");
        assertThat(permanentView.checkpoint()).as("a failed job keeps its checkpoint for a retry").isNotNull();

        JobView brokenView = awaitState(broken, "FAILED");
        assertThat(brokenView.attempts()).as("first attempt + CAIRN_JOB_MAX_RETRIES").isEqualTo(3);
        assertThat(brokenView.error().message()).isEqualTo("always broken");
        assertThat(calls("broken/prepare")).isEqualTo(1);
    }

    @Test
    void shouldRunAJobWhoseCheckpointRedisLostAgainWithoutSpendingItsRetries() {
        String lost = submit("lost", "lose-checkpoint");

        JobView view = awaitState(lost, "SUCCEEDED");
        assertThat(calls("lost/work")).as("three fenced attempts, then one that kept its checkpoint").isEqualTo(4);
        assertThat(view.attempts()).as("more attempts than CAIRN_JOB_MAX_RETRIES=2 allows failures: the losses were waits")
                .isEqualTo(4);
    }

    @Test
    void shouldReturnTheSameJobForTheSameIdempotencyKeyAndRefuseADifferentPayload() {
        JobSubmission first = new JobSubmission("test", Map.of("name", "idem", "mode", "ok"), "order-42");
        String id = worker.jobs().submit(first).jobId();
        assertThat(worker.jobs().submit(first).jobId()).isEqualTo(id);
        assertThat(worker.jobs().submit(first).created()).isFalse();
        JobSubmission other = new JobSubmission("test", Map.of("name", "idem", "mode", "permanent"), "order-42");
        assertThatThrownBy(() -> worker.jobs().submit(other)).isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void shouldRefuseUnknownTypesAndNotFindUnknownJobs() {
        assertThatThrownBy(() -> worker.jobs().submit(new JobSubmission("nope", Map.of(), null)))
                .isInstanceOf(UnknownJobTypeException.class).hasMessageContaining("pdf-processing");
        assertThat(worker.jobs().find("not-a-uuid")).isEmpty();
        assertThat(worker.jobs().find("00000000-0000-0000-0000-000000000000")).isEmpty();
    }
}
