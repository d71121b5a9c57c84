package dev.cairn.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClient;
import dev.cairn.config.CairnConfig;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.testing.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * chapter-generation in a real worker whose providers are the built-in offline one and a fake
 * OpenAI-compatible server: the job succeeds, and a job that meets an open breaker waits for it to
 * recover without spending a retry (CAIRN_JOB_MAX_RETRIES=0: any counted failure would fail it).
 */
class WorkerChapterJobsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECTIONS = 2;

    @TempDir
    static Path tmp;
    private static FakeProviderServer acme;
    private static Worker worker;
    private static CairnClient client;

    @BeforeAll
    static void start() {
        acme = FakeProviderServer.start();
        acme.respondWith((request, number) -> ChapterReplies.isOutline(request)
                ? FakeProviderServer.Behaviour.ok(ChapterReplies.outline("Tides", SECTIONS))
                : FakeProviderServer.Behaviour.ok("## A section\n\nText of the section, request " + number + "."));
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.put("CAIRN_PROVIDERS", "acme");
        acme.configure(env, "acme");
        env.put("CAIRN_PROVIDER_ACME_RATE_LIMIT", "600/min");
        env.put("CAIRN_PROVIDER_ACME_API_KEY", "sk-test-never-shown-0123456789");
        env.put("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "12s"); // longer than JobRunr's first pick-up (one 5 s poll tick)
        env.put("CAIRN_JOB_MAX_RETRIES", "0");
        worker = Worker.start(CairnConfig.fromEnv(env));
        client = CairnClient.create(java.net.URI.create("http://127.0.0.1:" + worker.httpPort()), null);
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.close();
        if (acme != null) acme.close();
    }

    private static JobView awaitFinished(String id) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.job(id).state(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
        return client.job(id);
    }

    @Test
    void shouldWaitForAnOpenBreakerWithoutSpendingARetryAndFinishAfterRecovery() throws Exception {
        client.forceOpenBreaker("acme");
        int before = acme.requestCount();
        String id = client.enqueue(JobSubmission.chapter("Tides", SECTIONS, null));

        await().atMost(Duration.ofSeconds(30)).until(() -> client.job(id).attempts() >= 1 && client.job(id).state().equals("SCHEDULED"));
        assertThat(acme.requestCount()).as("no call while the breaker is open").isEqualTo(before);

        JobView done = awaitFinished(id);
        assertThat(done.state()).as("%s", done.error()).isEqualTo("SUCCEEDED");
        assertThat(done.checkpoint().step("outline").runs()).as("started, met the open breaker, started again").isEqualTo(2);
        assertThat(done.checkpoint().step("sections").runs()).isEqualTo(1);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(acme.requestCount() - before).as("one outline call and one call per section").isEqualTo(1 + SECTIONS);
        Path out = Path.of(done.result().get("output_dir").toString());
        JsonNode outline = JSON.readTree(out.resolve("outline.json").toFile());
        assertThat(outline.get("sections")).hasSize(SECTIONS);
        assertThat(Files.readString(out.resolve("chapter.md"))).startsWith("# Tides").contains("Part 1", "Part 2");
        assertThat(done.result()).as("a language model wrote it: no offline note").doesNotContainKey("note");
        assertThat(client.jobJson(id)).doesNotContain("sk-test-never-shown");
        assertThat(new ObjectMapper().readTree(client.breakersJson()).at("/circuit_breakers/0/state").asText()).isEqualTo("CLOSED");

        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains(
                "cairn_circuit_breaker_state{provider=\"acme\",state=\"closed\"} 1",
                "cairn_circuit_breaker_calls_total{outcome=\"rejected\",provider=\"acme\"}",
                "cairn_circuit_breaker_transitions_total{from=\"half_open\",provider=\"acme\",to=\"closed\"}",
                "cairn_provider_request_seconds_count{outcome=\"ok\",provider=\"acme\"}",
                "cairn_rate_limit_total",
                "cairn_jobs_resumed_total")
                .doesNotContain("sk-test-never-shown");
    }
}
