package dev.cairn.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import dev.cairn.testing.TlsRedis;
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
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .until(() -> worker.client().job(jobId).state(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
                JobView done = worker.client().job(jobId);
                assertThat(done.state()).as("%s\n%s", done.error(), worker.tail()).isEqualTo("SUCCEEDED");

                HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(worker.url() + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(ready.body()).at("/components/redis/status").asText()).isEqualTo("up");
                assertThat(ready.body()).doesNotContain("tls-s3cret-pw");
            }
            assertThat(Files.readString(log)).contains("rediss://").doesNotContain("tls-s3cret-pw");
        }
    }
}
