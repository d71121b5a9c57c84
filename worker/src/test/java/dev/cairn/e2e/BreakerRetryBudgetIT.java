package dev.cairn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.CairnClient;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.testing.JobRow;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two worker processes on one Redis and one PostgreSQL, four chapter jobs, a provider that keeps failing
 * through a half-open round and then recovers: a job spends a retry only for a provider request of its own
 * that failed. Meeting the breaker (open, or half-open with every trial call taken) is a wait.
 */
class BreakerRetryBudgetIT {

    private static final int JOBS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RETRY = Pattern.compile("Retry \\d+ of");

    @TempDir
    Path tmp;

    /**
     * The provider fails a number of requests ({@code failures}), or, when that is 0, every request until a
     * half-open round has failed (the breaker went OPEN, HALF_OPEN and OPEN again). 5 and 7 are the report's
     * numbers: the default threshold, 7 failed requests in all.
     */
    @ParameterizedTest(name = "threshold {0}, {1} failed requests (0: until a half-open round failed)")
    @CsvSource({"3, 5", "5, 7", "5, 0"})
    void shouldSpendARetryOnlyForAFailedRequestOfTheJobsOwn(int threshold, int failures) throws Exception {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "two worker processes need a shared PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        AtomicInteger failuresLeft = new AtomicInteger(failures);
        AtomicBoolean failing = new AtomicBoolean(failures == 0);
        List<String> failedBodies = new CopyOnWriteArrayList<>();
        try (FakeProviderServer provider = FakeProviderServer.start()) {
            provider.respondWith((request, number) -> {
                if (failing.get() || failuresLeft.getAndDecrement() > 0) {
                    failedBodies.add(request.body());
                    return FakeProviderServer.Behaviour.status(500);
                }
                return ChapterReplies.isOutline(request)
                        ? FakeProviderServer.Behaviour.ok(ChapterReplies.outline("T", 2))
                        : FakeProviderServer.Behaviour.ok("## S\n\nText.");
            });
            Map<String, String> env = TestEnv.worker(tmp.resolve("shared"));
            env.put("CAIRN_PROVIDERS", "acme");
            provider.configure(env, "acme");
            env.put("CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD", Integer.toString(threshold));
            env.put("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "3s");
            env.put("CAIRN_JOB_RETRY_BACKOFF_SEED", "1");
            env.put("CAIRN_JOB_MAX_RETRIES", "20");
            Map<String, String> envB = new HashMap<>(env);
            envB.put("CAIRN_DATA_DIR", tmp.resolve("b").toString());
            envB.put("CAIRN_INPUT_DIR", tmp.resolve("shared/input").toString());
            envB.put("CAIRN_OUTPUT_DIR", tmp.resolve("shared/output").toString());
            try (WorkerProcess a = WorkerProcess.start(env, tmp.resolve("a.log"));
                 WorkerProcess b = WorkerProcess.start(envB, tmp.resolve("b.log"))) {
                Map<String, String> topics = new LinkedHashMap<>();
                for (int i = 0; i < JOBS; i++) {
                    String topic = "Budget topic " + (char) ('A' + i);
                    topics.put((i % 2 == 0 ? a : b).client().enqueue(JobSubmission.chapter(topic, 2, null)), topic);
                }
                CairnClient client = a.client();
                if (failures == 0) {
                    // TRIP, PROBE, RETRIP: a round of trial calls met the failing provider; then it recovers
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                        JsonNode breaker = JSON.readTree(client.breakersJson()).at("/circuit_breakers/0");
                        return breaker.path("transitions").asInt() >= 3 && breaker.path("state").asText().equals("OPEN");
                    });
                    failing.set(false);
                }
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        topics.keySet().stream().allMatch(id -> client.job(id).state().equals("SUCCEEDED")));

                if (failures > 0) {
                    assertThat(failedBodies).as("the provider failed through a half-open round").hasSize(failures);
                } else {
                    assertThat(failedBodies).as("the threshold's failures and a trial call's").hasSizeGreaterThan(threshold);
                }
                List<String> overspent = new ArrayList<>();
                for (Map.Entry<String, String> job : topics.entrySet()) {
                    String history = JobRow.read(env, job.getKey()).json();
                    long retries = count(RETRY.matcher(history));
                    long failed = failedBodies.stream().filter(body -> body.contains(job.getValue())).count();
                    if (retries > failed) overspent.add(job.getValue() + ": " + retries + " retries, " + failed + " failed requests");
                }
                assertThat(overspent).as("jobs that spent a retry without a failed request of their own").isEmpty();
            }
        }
    }

    private static long count(Matcher matcher) {
        long n = 0;
        while (matcher.find()) n++;
        return n;
    }
}
