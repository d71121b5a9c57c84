package dev.cairn.runtime;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.config.CairnConfig;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code CAIRN_WORKER_COUNT=0}: an API node takes jobs in for the fleet (and is ready) but runs none; a worker
 * on the same storage and Redis runs them, woken by the node's signal.
 */
class WorkerApiNodeTest {

    private static final Set<String> RAN_BY = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    @Test
    void shouldTakeJobsInWithoutRunningThemAndLeaveThemToTheFleet() throws Exception {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "needs a shared PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        Map<String, String> nodeEnv = TestEnv.worker(dir.resolve("node"));
        nodeEnv.put("CAIRN_WORKER_COUNT", "0");
        nodeEnv.put("CAIRN_POLL_INTERVAL_SECONDS", "60");
        Map<String, String> workerEnv = new HashMap<>(nodeEnv);
        workerEnv.put("CAIRN_DATA_DIR", dir.resolve("worker").toString());
        workerEnv.put("CAIRN_WORKER_COUNT", "2");

        try (Worker node = Worker.builder(CairnConfig.fromEnv(nodeEnv)).pipeline(note("node")).start()) {
            String first = node.jobs().submit(new JobSubmission("note", Map.of("n", 1), null)).jobId();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> node.jobs().find(first).orElseThrow().state().equals("ENQUEUED"));
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.httpPort() + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

            try (Worker worker = Worker.builder(CairnConfig.fromEnv(workerEnv)).pipeline(note("worker")).start()) {
                String second = node.jobs().submit(new JobSubmission("note", Map.of("n", 2), null)).jobId();
                // the poll is a minute away: the node's signal wakes the worker
                await().atMost(Duration.ofSeconds(30)).until(() -> List.of(first, second).stream()
                        .allMatch(id -> node.jobs().find(id).orElseThrow().state().equals("SUCCEEDED")));
            }
        }
        assertThat(RAN_BY).containsExactly("worker");
    }

    private static Pipeline note(String who) {
        return Pipeline.of("note", List.of(Step.of("note", ctx -> RAN_BY.add(who))));
    }
}
