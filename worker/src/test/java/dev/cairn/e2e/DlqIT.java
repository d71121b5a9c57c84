package dev.cairn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClient;
import dev.cairn.redis.RedisConnections;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import dev.cairn.testing.TestRedis;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dead-letter queue across processes: a worker killed with {@code kill -9}, and two processes racing on the cap. */
class DlqIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldShipAPoisonJobOrphanedByAKilledWorkerAndResumeItOnRetry() throws Exception {
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        // no crash recovery allowed: the first crash makes it a poison job (retries are not what a crash spends)
        env.put("CAIRN_JOB_MAX_CRASH_RECOVERIES", "0");
        String prefix = env.get("CAIRN_REDIS_KEY_PREFIX");
        Path pdf = TestPdfs.withOutline(tmp.resolve("book.pdf"), 8, 40);
        Path log = tmp.resolve("worker.log");
        String jobId;
        try (WorkerProcess first = WorkerProcess.start(env, log);
             RedisClient redis = RedisConnections.connect(URI.create(env.get("CAIRN_REDIS_URL")))) {
            CairnClient client = first.client();
            jobId = client.enqueue(JobSubmission.pdf(client.uploadFile(pdf), false));
            String key = prefix + "ckpt:{" + jobId + "}";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                    .until(() -> redis.hget(key, "s.extract-text.cursor") != null);
            first.kill9();
        }

        try (WorkerProcess second = WorkerProcess.start(env, log)) {
            // JobRunr's orphan task fails the job (its worker stopped heart-beating); with no crash recovery left it lands in the DLQ
            HttpResponse<String> found = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get(second, "/api/dlq/" + jobId), r -> r.statusCode() == 200);
            JsonNode entry = JSON.readTree(found.body());
            assertThat(entry.get("error_class").asText()).endsWith("IllegalJobThreadStateException");
            assertThat(entry.get("error_message").asText()).startsWith("poison job: the worker running it stopped 1 time(s)");
            assertThat(entry.get("last_completed_step").asText()).isEqualTo("inspect");
            assertThat(entry.get("type").asText()).isEqualTo("pdf-processing");
            assertThat(second.client().job(jobId).state()).isEqualTo("FAILED");

            HttpResponse<String> retried = post(second, "/api/dlq/" + jobId + "/retry");
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
            assertThat(JSON.readTree(retried.body()).get("job_id").asText()).isEqualTo(jobId);
            assertThat(JSON.readTree(retried.body()).get("resumes_from_step").asText()).isEqualTo("extract-text");

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> second.client().job(jobId).state(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
            JobView done = second.client().job(jobId);
            assertThat(done.state()).as(second.tail()).isEqualTo("SUCCEEDED");
            assertThat(done.checkpoint().step("inspect").runs()).as("the retry resumed, it did not start over").isEqualTo(1);
            assertThat(get(second, "/api/dlq/" + jobId).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldHoldTheCapWhileTwoProcessesAddAtOnce() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        Path startLine = tmp.resolve("go");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> loaders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            loaders.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DlqLoad.class.getName(),
                    TestRedis.url().toString(), prefix, "1500", "1000", startLine.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("loader" + i + ".log").toFile()).start());
        }
        Files.writeString(startLine, "go");
        for (Process p : loaders) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("loader" + loaders.indexOf(p) + ".log"))).isZero();
        }

        RedisClient redis = TestRedis.client();
        String dlq = prefix + "dlq:{dlq}:";
        assertThat(redis.zcard(dlq + "by-time")).isEqualTo(1000);
        assertThat(redis.hlen(dlq + "entries")).isEqualTo(1000);
        assertThat(redis.hlen(dlq + "index")).isEqualTo(1000);
        assertThat(sumOfCounts(redis, dlq + "types")).as("per-type counts stay exact").isEqualTo(1000);
        assertThat(sumOfCounts(redis, dlq + "signatures")).as("per-signature counts stay exact").isEqualTo(1000);
        redis.del(dlq + "by-time", dlq + "entries", dlq + "index", dlq + "types", dlq + "signatures", dlq + "shipped");
    }

    private static long sumOfCounts(RedisClient redis, String key) {
        return redis.zrangeWithScores(key, 0, -1).stream().mapToLong(t -> (long) t.getScore()).sum();
    }

    private static HttpResponse<String> get(WorkerProcess worker, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(worker.url().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(WorkerProcess worker, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(worker.url().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
