package dev.cairn.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.testing.LocalRedisCluster;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code CAIRN_REDIS_URL=redis-cluster://…}: a worker runs a PDF job end to end on a three-master Redis
 * Cluster with a password (checkpoints, breakers, rate limits, leases and the work signal all go through
 * the cluster client), reports Redis up, and never logs the password. Skipped without {@code redis-server}.
 */
class RedisClusterWorkerIT {

    private static final String PASSWORD = "cluster-it-s3cret";

    @TempDir
    Path tmp;

    @Test
    void shouldRunAJobOnARedisCluster() throws Exception {
        assumeTrue(LocalRedisCluster.unavailable().isEmpty(), () -> "no local Redis Cluster: " + LocalRedisCluster.unavailable().orElse(""));
        try (LocalRedisCluster cluster = LocalRedisCluster.start(Files.createDirectories(tmp.resolve("cluster")), PASSWORD)) {
            Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
            env.put("CAIRN_REDIS_URL", cluster.url().toString());
            Path log = tmp.resolve("worker.log");
            try (WorkerProcess worker = WorkerProcess.start(env, log)) {
                String jobId = worker.client().enqueue(JobSubmission.pdf(worker.client().uploadFile(
                        TestPdfs.withOutline(tmp.resolve("book.pdf"), 3, 4)), false));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> worker.client().job(jobId).state(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
                JobView done = worker.client().job(jobId);
                assertThat(done.state()).as("%s\n%s", done.error(), worker.tail()).isEqualTo("SUCCEEDED");

                HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(worker.url() + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(ready.body()).at("/components/redis/status").asText()).isEqualTo("up");
                String prefix = env.get("CAIRN_REDIS_KEY_PREFIX");
                assertThat(cluster.keysPerNode(prefix + "*").values().stream().mapToInt(Integer::intValue).sum())
                        .as("the worker's keys are on the cluster").isPositive();
            }
            assertThat(Files.readString(log)).contains("redis-cluster://").doesNotContain(PASSWORD);
        }
    }
}
