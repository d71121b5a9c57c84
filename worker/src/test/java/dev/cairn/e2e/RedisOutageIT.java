package dev.cairn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClientException;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.provider.FakeProviderServer.Behaviour;
import dev.cairn.redis.RedisConnections;
import dev.cairn.testing.HealthProbe;
import dev.cairn.testing.JobRow;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped and started again under a worker running chapter jobs: a Redis of the test's own, with
 * its append-only file, as production runs it. While it is down the worker stays up and ready but
 * {@code degraded}, the jobs wait (rescheduled, no retry spent) instead of failing, and a job that fails
 * for good meanwhile is kept for the dead-letter queue. Once Redis is back the worker is {@code ready},
 * every job resumes from its checkpoint and succeeds without redoing a finished step, and the failed job
 * is in the DLQ, once.
 */
class RedisOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECTIONS = 8;
    private static final String REJECTED = "Forbidden shores";

    @TempDir
    Path tmp;

    @Test
    void shouldPauseJobsWhileRedisIsDownAndResumeThemFromTheirCheckpointsOnceItIsBack() throws Exception {
        CountDownLatch redisDown = new CountDownLatch(1);
        try (OwnRedis own = OwnRedis.start(); FakeProviderServer provider = FakeProviderServer.start()) {
            provider.respondWith((request, number) -> {
                if (ChapterReplies.isOutline(request)) {
                    String title = request.body().contains(REJECTED) ? REJECTED : "Tides";
                    return Behaviour.ok(ChapterReplies.outline(title, SECTIONS));
                }
                // the rejected job's first section is answered 400 (a permanent failure) only once Redis is down
                if (request.body().contains(REJECTED)) return afterLatch(redisDown, Behaviour.status(400));
                return Behaviour.slow(Duration.ofMillis(1_500), Behaviour.ok("## Section\n\nA paid reply, request " + number + "."));
            });
            Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
            env.put("CAIRN_REDIS_URL", own.url().toString());
            env.put("CAIRN_PROVIDERS", "acme");
            provider.configure(env, "acme");
            env.put("CAIRN_WORKER_COUNT", "4");
            String prefix = env.get("CAIRN_REDIS_KEY_PREFIX");
            Map<String, String> topics = new LinkedHashMap<>();
            String rejected;
            try (WorkerProcess worker = WorkerProcess.start(env, tmp.resolve("worker.log"));
                 RedisClient redis = RedisConnections.connect(own.url())) {
                for (int i = 1; i <= 3; i++) topics.put(worker.client().enqueue(JobSubmission.chapter("Tides " + i, SECTIONS, null)), "Tides " + i);
                rejected = worker.client().enqueue(JobSubmission.chapter(REJECTED, SECTIONS, null));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                        topics.keySet().stream().allMatch(id -> sectionsCursor(redis, prefix, id) >= 2)
                                && !ChapterReplies.sectionRequests(provider, REJECTED).isEmpty());

                own.stop();
                redisDown.countDown();
                HealthProbe degraded = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                        .until(() -> HealthProbe.ready(worker.url()), p -> "degraded".equals(p.status()));
                assertThat(degraded.httpStatus()).as("Redis down leaves the worker ready").isEqualTo(200);
                assertThat(degraded.component("redis")).isEqualTo("down");
                assertThat(degraded.component("job_storage")).isEqualTo("up");
                assertThat(HealthProbe.live(worker.url()).httpStatus()).isEqualTo(200);
                // the jobs wait for Redis instead of failing; the rejected one fails for good, with no Redis to ship it to
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                        topics.keySet().stream().allMatch(id -> "SCHEDULED".equals(worker.client().job(id).state()))
                                && "FAILED".equals(worker.client().job(rejected).state()));
                assertThatThrownBy(() -> worker.client().dlqEntry(rejected)).as("the DLQ lives in Redis")
                        .isInstanceOfSatisfying(CairnClientException.class, e -> assertThat(e.status()).isEqualTo(503));
                // Redis stays down past the jobs' wait (and the worker's lease): each comes back, finds Redis still down and waits again
                Map<String, Integer> pausedAfter = new LinkedHashMap<>();
                for (String id : topics.keySet()) pausedAfter.put(id, worker.client().job(id).attempts());
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> topics.keySet().stream().allMatch(id -> {
                    JobView job = worker.client().job(id);
                    return job.attempts() > pausedAfter.get(id) && "SCHEDULED".equals(job.state());
                }));
                assertThat(HealthProbe.ready(worker.url()).status()).as("still degraded, still up").isEqualTo("degraded");

                own.restart();
                HealthProbe ready = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                        .until(() -> HealthProbe.ready(worker.url()), p -> "ready".equals(p.status()));
                assertThat(ready.httpStatus()).isEqualTo(200);
                assertThat(ready.component("redis")).isEqualTo("up");

                for (String id : topics.keySet()) worker.awaitSucceeded(id, Duration.ofSeconds(60));
                for (Map.Entry<String, String> job : topics.entrySet()) {
                    JobView done = worker.client().job(job.getKey());
                    assertThat(done.checkpoint().step("outline").runs()).isEqualTo(1);
                    assertThat(ChapterReplies.outlineRequests(provider, job.getValue()))
                            .as("the checkpoint survived the restart: the finished outline was not asked for again").isEqualTo(1);
                    assertThat(done.checkpoint().step("sections").runs()).as("sections resumed at its cursor").isEqualTo(2);
                    assertThat(done.checkpoint().step("assemble").runs()).isEqualTo(1);
                    Map<Integer, Long> perSection = ChapterReplies.sectionRequests(provider, job.getValue());
                    assertThat(perSection).hasSize(SECTIONS);
                    assertThat(perSection.values().stream().filter(c -> c > 1).count())
                            .as("only the section in flight when Redis stopped is paid twice: %s", perSection).isLessThanOrEqualTo(1);
                }

                String shipped = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> worker.client().dlqEntry(rejected), body -> !body.isBlank());
                JsonNode entry = JSON.readTree(shipped);
                assertThat(entry.get("error_class").asText()).endsWith("ProviderException");
                assertThat(entry.get("last_completed_step").asText()).isEqualTo("outline");
                assertThat(entry.get("attempts").asInt()).as("a permanent failure spends no retry").isEqualTo(1);
                assertThat(JSON.readTree(worker.client().dlqList(Map.of("type", "chapter-generation"))).get("total").asInt())
                        .as("the failed job is in the DLQ once, and no waiting job is").isEqualTo(1);
            }
            for (String id : topics.keySet()) {
                String history = JobRow.read(env, id).json();
                assertThat(history).as("waiting for Redis spends no retry").doesNotContain("Retry 1 of");
                assertThat(history.split("Waiting: Redis is unreachable", -1)).as("job %s waited twice for Redis", id).hasSizeGreaterThanOrEqualTo(3);
            }
            assertThat(Files.readString(tmp.resolve("worker.log"))).as("the failure met the outage and was shipped later")
                    .contains("could not be shipped to the dead-letter queue yet");
        }
    }

    /** {@code then}, once {@code latch} opens (at most a minute). */
    private static Behaviour afterLatch(CountDownLatch latch, Behaviour then) {
        return (exchange, server) -> {
            if (latch.await(60, TimeUnit.SECONDS)) then.answer(exchange, server);
        };
    }

    private static int sectionsCursor(RedisClient redis, String prefix, String jobId) {
        String cursor = redis.hget(prefix + "ckpt:{" + jobId + "}", "s.sections.cursor");
        return cursor == null ? 0 : Integer.parseInt(cursor);
    }
}
