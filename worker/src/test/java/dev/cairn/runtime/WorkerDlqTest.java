package dev.cairn.runtime;

import dev.cairn.api.CairnException;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.config.CairnConfig;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqHealth;
import dev.cairn.dlq.DlqQuery;
import dev.cairn.dlq.DlqService;
import dev.cairn.dlq.PayloadRedaction;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker in this JVM on the real job storage and Redis: jobs that fail for good land in the
 * dead-letter queue once, with their story, and a retry resumes the same job id from its checkpoint.
 * Jobs run in parallel to share JobRunr's 5 s poll ticks.
 */
class WorkerDlqTest {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    /** Names whose "work" step fails permanently until a test removes them (the input gets fixed). */
    private static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path dataDir;
    private static Worker worker;
    private static Map<String, String> env;
    private static int dashboardPort;

    @BeforeAll
    static void startWorker() throws Exception {
        env = TestEnv.worker(dataDir);
        env.put("CAIRN_JOB_MAX_RETRIES", "1");
        env.put("CAIRN_JOB_RETRY_BACKOFF_SEED", "1");
        try (ServerSocket socket = new ServerSocket(0)) {
            dashboardPort = socket.getLocalPort();
        }
        env.put("CAIRN_DASHBOARD_PORT", Integer.toString(dashboardPort));
        worker = Worker.builder(CairnConfig.fromEnv(env)).pipeline(testPipeline()).start();
    }

    static Pipeline testPipeline() {
        return Pipeline.of("test", List.of(
                Step.of("prepare", ctx -> {
                    count(ctx, "prepare");
                    // why: past the inline limit, the output is spilled to a file under the data dir
                    if (ctx.payload().optionalString("spill").isPresent()) ctx.setOutput("x".repeat(10_000));
                }),
                Step.of("work", ctx -> {
                    count(ctx, "work");
                    String name = ctx.payload().requireString("name");
                    switch (ctx.payload().optionalString("mode").orElse("ok")) {
                        case "always-fail" -> throw new IllegalStateException("always broken");
                        case "until-fixed" -> {
                            if (BROKEN.contains(name)) throw CairnException.permanent("input " + name + " is unusable");
                        }
                        default -> { }
                    }
                })));
    }

    private static void count(StepContext ctx, String step) {
        CALLS.computeIfAbsent(ctx.payload().requireString("name") + "/" + step, k -> new AtomicInteger()).incrementAndGet();
    }

    private static int calls(String key) {
        return CALLS.computeIfAbsent(key, k -> new AtomicInteger()).get();
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) worker.close();
    }

    private static String submit(String name, String mode, Map<String, Object> extra) {
        Map<String, Object> payload = new java.util.HashMap<>(extra);
        payload.put("name", name);
        payload.put("mode", mode);
        return worker.jobs().submit(new JobSubmission("test", payload, null)).jobId();
    }

    private static String scrape() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DlqEntry awaitEntry(String id) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> worker.dlq().find(id).isPresent());
        return worker.dlq().find(id).orElseThrow();
    }

    private static void awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> worker.jobs().find(id).map(JobView::state).orElse(""), s -> s.equals(state));
    }

    @Test
    void shouldShipExhaustedAndPermanentFailuresOnceWithTheirStory() {
        String broken = submit("exhausted", "always-fail", Map.of("api_key", "sk-do-not-leak", "file", "in.pdf"));
        BROKEN.add("permanent");
        String permanent = submit("permanent", "until-fixed", Map.of());

        DlqEntry exhausted = awaitEntry(broken);
        assertThat(worker.jobs().find(broken).orElseThrow().state()).isEqualTo("FAILED");
        assertThat(exhausted.type()).isEqualTo("test");
        assertThat(exhausted.attempts()).as("the first run and CAIRN_JOB_MAX_RETRIES=1 retry").isEqualTo(2);
        assertThat(exhausted.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(exhausted.errorMessage()).isEqualTo("always broken");
        assertThat(exhausted.signature()).isEqualTo("IllegalStateException: always broken");
        assertThat(exhausted.stackTrace()).contains("IllegalStateException");
        assertThat(exhausted.lastCompletedStep()).isEqualTo("prepare");
        assertThat(exhausted.firstFailedAt()).isBefore(exhausted.lastFailedAt());
        assertThat(exhausted.payload()).containsEntry("api_key", PayloadRedaction.MASK).containsEntry("file", "in.pdf");
        assertThat(exhausted.dashboardUrl()).isEqualTo("http://127.0.0.1:" + dashboardPort + "/dashboard/jobs/" + broken);

        DlqEntry failedAtOnce = awaitEntry(permanent);
        assertThat(failedAtOnce.attempts()).as("a permanent error is not retried").isEqualTo(1);
        assertThat(calls("permanent/work")).isEqualTo(1);
        assertThat(failedAtOnce.errorMessage()).isEqualTo("input permanent is unusable");
        // #18 part 3: the entry says the failure was permanent (cairn dlq retry then asks for --force); exhausted retries are not
        assertThat(failedAtOnce.permanent()).isTrue();
        assertThat(exhausted.permanent()).isFalse();

        // a redelivery of the same failures (the reconcile pass every cleanup runs) adds nothing
        long before = worker.dlq().list(DlqQuery.all()).total();
        worker.dlq().cleanup();
        assertThat(worker.dlq().list(DlqQuery.all()).total()).isEqualTo(before);
        // and an entry an operator removed is not shipped again
        assertThat(worker.dlq().remove(permanent)).isTrue();
        worker.dlq().cleanup();
        assertThat(worker.dlq().find(permanent)).isEmpty();

        String metrics = scrape();
        // why: a pattern, not "1.0": other tests of this worker remove entries too
        assertThat(metrics).contains("cairn_dlq_added_total{type=\"test\"}").contains("cairn_dlq_entries ")
                .containsPattern("cairn_dlq_removed_total\\{reason=\"removed\"\\} [1-9]").contains("cairn_dlq_retried_total");

        DlqHealth health = worker.dlq().health();
        assertThat(health.statistics().failuresByTaskType()).containsKey("test");
        assertThat(health.statistics().failuresByError()).containsKey("IllegalStateException: always broken");
    }

    /** Issue #14 item 5: the spilled outputs of a dead job stayed in the data dir for ever once its entry was removed. */
    @Test
    void shouldRemoveADeadJobsSpilledOutputsWithItsEntry() {
        String id = submit("spill", "always-fail", Map.of("spill", "yes"));
        awaitEntry(id);
        Path spilled = dataDir.resolve("steps").resolve(id);
        assertThat(spilled).as("the failed job keeps its outputs for a retry while it is in the queue").isNotEmptyDirectory();

        assertThat(worker.dlq().remove(id)).isTrue();

        assertThat(spilled).doesNotExist();
        assertThat(TestRedis.client().exists(env.get("CAIRN_REDIS_KEY_PREFIX") + "ckpt:{" + id + "}"))
                .as("its checkpoint, which points at those files, goes too").isFalse();
    }

    @Test
    void shouldResumeARetriedJobAtTheFailedStepUnderTheSameId() throws Exception {
        BROKEN.add("resume");
        String id = submit("resume", "until-fixed", Map.of());
        awaitEntry(id);
        BROKEN.remove("resume");

        DlqService.RetryResult result = worker.dlq().retry(id);

        assertThat(result.jobId()).isEqualTo(id);
        assertThat(result.resumed()).isTrue();
        assertThat(result.resumesFromStep()).isEqualTo("work");
        assertThat(result.message()).contains("resumes from its checkpoint at step 'work'");
        assertThat(worker.dlq().find(id)).as("the entry leaves the queue on retry").isEmpty();
        awaitState(id, "SUCCEEDED");
        assertThat(calls("resume/prepare")).as("the finished step is not rerun").isEqualTo(1);
        assertThat(calls("resume/work")).isEqualTo(2);

        // the JobRunr dashboard tells the same story: its log lines and progress bar come from the checkpoint
        String dashboardJob = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + dashboardPort + "/api/jobs/" + id)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(dashboardJob).contains("Step 'prepare' started (run 1)", "Step 'prepare' completed",
                "Step 'work' failed: input resume is unusable", "Resumed from its checkpoint at step 'work'",
                "Step 'prepare' already done: not run again", "Step 'work' started (run 2)", "Step 'work' completed");
        assertThat(dashboardJob).containsPattern("\"jobRunrDashboardProgressBar-\\d+\":\\{[^}]*\"succeededAmount\":100");
    }

    @Test
    void shouldStartOverAndSaySoWhenTheCheckpointExpired() {
        BROKEN.add("expired");
        String id = submit("expired", "until-fixed", Map.of());
        awaitEntry(id);
        BROKEN.remove("expired");
        TestRedis.client().del(env.get("CAIRN_REDIS_KEY_PREFIX") + "ckpt:{" + id + "}");

        DlqService.RetryResult result = worker.dlq().retry(id);

        assertThat(result.resumed()).isFalse();
        assertThat(result.resumesFromStep()).isNull();
        assertThat(result.message()).contains("checkpoint expired").contains("starts over");
        awaitState(id, "SUCCEEDED");
        assertThat(calls("expired/prepare")).isEqualTo(2);
    }

    @Test
    void shouldGiveARetriedJobAFreshRetryBudgetAndShipItAgain() {
        String id = submit("again", "always-fail", Map.of());
        DlqEntry first = awaitEntry(id);
        assertThat(first.attempts()).isEqualTo(2);

        worker.dlq().retry(id);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> worker.dlq().find(id).map(DlqEntry::attempts).orElse(0) == 4);
        assertThat(calls("again/work")).as("one more run and one more retry after the operator's retry").isEqualTo(4);
        assertThat(worker.dlq().find(id).orElseThrow().firstFailedAt()).isEqualTo(first.firstFailedAt());
    }

    @Test
    void shouldRetryMatchingJobsAtTheRequestedRate() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BROKEN.add("bulk-" + i);
            ids.add(submit("bulk-" + i, "until-fixed", Map.of("batch", "bulk")));
        }
        ids.forEach(WorkerDlqTest::awaitEntry);
        for (int i = 0; i < 3; i++) BROKEN.remove("bulk-" + i);
        String signature = worker.dlq().find(ids.get(0)).orElseThrow().signature();
        assertThat(signature).isEqualTo("CairnException: input bulk-<n> is unusable");

        DlqService.BulkRetryResult result = worker.dlq().retryMatching(Optional.empty(), Optional.of(signature), 2.0);

        assertThat(result.matched()).isEqualTo(3);
        assertThat(result.jobIds()).containsExactlyInAnyOrderElementsOf(ids);
        Map<String, Instant> leftQueue = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (String id : ids) {
                if (!leftQueue.containsKey(id) && worker.dlq().find(id).isEmpty()) leftQueue.put(id, Instant.now());
            }
            return leftQueue.size() == ids.size();
        });
        List<Instant> times = leftQueue.values().stream().sorted().toList();
        assertThat(Duration.between(times.get(0), times.get(2)))
                .as("3 re-enqueues at 2/s are spread over at least 1 s").isGreaterThanOrEqualTo(Duration.ofMillis(900));
        ids.forEach(id -> awaitState(id, "SUCCEEDED"));
        for (int i = 0; i < 3; i++) assertThat(calls("bulk-" + i + "/prepare")).isEqualTo(1);
    }

    @Test
    void shouldRunTheScheduledCleanupAsAJobRunrRecurringJob() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String dashboard = "http://127.0.0.1:" + dashboardPort + "/api/recurring-jobs";
        String recurring = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dashboard)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(recurring).contains("cairn-dlq-cleanup").contains("0 3 * * *");
        dev.cairn.dlq.DeadLetterQueue sameQueue = dev.cairn.dlq.DeadLetterQueue.redis(TestRedis.client(),
                dev.cairn.redis.RedisKeys.withPrefix(env.get("CAIRN_REDIS_KEY_PREFIX")),
                CairnConfig.fromEnv(env).dlq(), java.time.Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        DlqEntry expired = new DlqEntry(java.util.UUID.randomUUID().toString(), "test", Map.of(), "E", "old", null, "E: old", 1,
                longAgo, longAgo, null, null);
        sameQueue.add(expired);
        assertThat(worker.dlq().find(expired.jobId())).isPresent();

        int triggered = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(dashboard + "/cairn-dlq-cleanup/trigger"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();

        assertThat(triggered).isLessThan(300);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> worker.dlq().find(expired.jobId()).isEmpty());
    }
}
