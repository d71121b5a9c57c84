package dev.cairn.e2e;

import dev.cairn.api.JobSubmission;
import dev.cairn.testing.LocalRedisCluster;
import dev.cairn.testing.HealthProbe;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
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
                worker.awaitSucceeded(jobId, Duration.ofSeconds(60));

                HealthProbe ready = HealthProbe.ready(worker.url());
                assertThat(ready.httpStatus()).isEqualTo(200);
                assertThat(ready.component("redis")).isEqualTo("up");
                String prefix = env.get("CAIRN_REDIS_KEY_PREFIX");
                assertThat(cluster.keysPerNode(prefix + "*").values().stream().mapToInt(Integer::intValue).sum())
                        .as("the worker's keys are on the cluster").isPositive();
            }
            assertThat(Files.readString(log)).contains("redis-cluster://").doesNotContain(PASSWORD);
        }
    }
}
