package dev.cairn.e2e;

import dev.cairn.api.JobSubmission;
import dev.cairn.testing.HealthProbe;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import dev.cairn.testing.TlsRedis;
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
 * {@code rediss://} with a password: a worker talks to a Redis that accepts only TLS and AUTH, trusting a
 * private certificate authority through the JVM's trust store, and runs a job end to end (checkpoints,
 * breakers, DLQ and leases all go through that connection). The password never reaches the log.
 */
class TlsConnectionsIT {

    @TempDir
    Path tmp;

    @Test
    void shouldRunJobsOverTlsRedisWithAuth() throws Exception {
        assumeTrue(TlsRedis.unavailable().isEmpty(), () -> "no TLS Redis here: " + TlsRedis.unavailable().orElse(""));
        Path redisDir = Files.createDirectories(tmp.resolve("redis"));
        try (TlsRedis redis = TlsRedis.start(redisDir, "tls-s3cret-pw")) {
            Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
            env.put("CAIRN_REDIS_URL", redis.url().toString());
            env.put("JAVA_TOOL_OPTIONS", redis.javaTrustOptions());
            Path log = tmp.resolve("worker.log");
            try (WorkerProcess worker = WorkerProcess.start(env, log)) {
                String jobId = worker.client().enqueue(JobSubmission.pdf(worker.client().uploadFile(
                        TestPdfs.withOutline(tmp.resolve("book.pdf"), 3, 4)), false));
                worker.awaitSucceeded(jobId, Duration.ofSeconds(60));

                HealthProbe ready = HealthProbe.ready(worker.url());
                assertThat(ready.httpStatus()).isEqualTo(200);
                assertThat(ready.component("redis")).isEqualTo("up");
                assertThat(ready.body().toString()).doesNotContain("tls-s3cret-pw");
            }
            assertThat(Files.readString(log)).contains("rediss://").doesNotContain("tls-s3cret-pw");
        }
    }
}
