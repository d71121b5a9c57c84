package dev.cairn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.CairnClient;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Two worker processes on one Redis and one PostgreSQL calling a provider that fails and then recovers:
 * exactly one CLOSED→OPEN for the burst, no more than HALF_OPEN_MAX_CALLS trial calls fleet-wide, and
 * every job finishes once the provider is back.
 */
class BreakerFleetIT {

    private static final int JOBS = 8;
    private static final Duration TRIAL_REPLY_TIME = Duration.ofSeconds(2);
    private static final Pattern CLOSED_TO_OPEN = Pattern.compile(
            "cairn_circuit_breaker_transitions_total\\{from=\"closed\",provider=\"acme\",to=\"open\"} (\\d+\\.\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldTripOnceAndAdmitAtMostThreeTrialCallsAcrossTwoWorkers() throws Exception {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "two worker processes need a shared PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        AtomicBoolean healthy = new AtomicBoolean(false);
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (FakeProviderServer provider = FakeProviderServer.start()) {
            provider.respondWith((request, number) -> {
                if (!healthy.get()) return FakeProviderServer.Behaviour.status(500);
                arrivals.add(System.nanoTime());
                return FakeProviderServer.Behaviour.slow(TRIAL_REPLY_TIME, request.body().contains("json_object")
                        ? FakeProviderServer.Behaviour.ok("{\"title\":\"T\",\"sections\":[{\"title\":\"S\",\"summary\":\"s\"}]}")
                        : FakeProviderServer.Behaviour.ok("## S\n\nText."));
            });
            Map<String, String> env = TestEnv.worker(tmp.resolve("shared"));
            env.put("CAIRN_PROVIDERS", "acme");
            provider.configure(env, "acme");
            env.put("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "8s");
            env.put("CAIRN_JOB_RETRY_BACKOFF_SEED", "1");
            Map<String, String> envB = new java.util.HashMap<>(env);
            envB.put("CAIRN_DATA_DIR", tmp.resolve("b").toString());
            envB.put("CAIRN_INPUT_DIR", tmp.resolve("shared/input").toString());
            envB.put("CAIRN_OUTPUT_DIR", tmp.resolve("shared/output").toString());
            try (WorkerProcess a = WorkerProcess.start(env, tmp.resolve("a.log"));
                 WorkerProcess b = WorkerProcess.start(envB, tmp.resolve("b.log"))) {
                List<String> jobs = new ArrayList<>();
                for (int i = 0; i < JOBS; i++) {
                    jobs.add((i % 2 == 0 ? a : b).client().enqueue(JobSubmission.chapter("Fleet " + i, 1, null)));
                }
                CairnClient client = a.client();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> breakerState(client).equals("OPEN"));
                healthy.set(true); // the provider recovers while the breaker is open
                long switched = System.nanoTime();

                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                        jobs.stream().allMatch(id -> client.job(id).state().equals("SUCCEEDED")));

                assertThat(closedToOpen(a) + closedToOpen(b)).as("one CLOSED->OPEN for the whole burst, fleet-wide").isEqualTo(1);
                List<Long> afterRecovery = arrivals.stream().filter(t -> t >= switched).sorted().toList();
                assertThat(afterRecovery).isNotEmpty();
                long firstTrial = afterRecovery.get(0);
                long trialWindowEnd = firstTrial + TRIAL_REPLY_TIME.toNanos() - Duration.ofMillis(100).toNanos();
                long trials = afterRecovery.stream().filter(t -> t < trialWindowEnd).count();
                System.out.printf("BreakerFleetIT: %d trial calls, %d calls after recovery%n", trials, afterRecovery.size());
                assertThat(trials).as("calls admitted before the first trial call could report back").isBetween(1L, 3L);
            }
        }
    }

    private static String breakerState(CairnClient client) throws Exception {
        JsonNode breakers = JSON.readTree(client.breakersJson()).get("circuit_breakers");
        return breakers.get(0).get("state").asText();
    }

    private static double closedToOpen(WorkerProcess worker) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(worker.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CLOSED_TO_OPEN.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
