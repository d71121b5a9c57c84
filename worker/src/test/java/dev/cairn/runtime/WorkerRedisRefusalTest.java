package dev.cairn.runtime;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.config.CairnConfig;
import dev.cairn.redis.RedisConnections;
import dev.cairn.testing.HealthProbe;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #14 item 6: a Redis that answers but refuses Cairn's commands (here an ACL user without
 * {@code EVAL}/{@code EVALSHA}) is not an outage. Every job used to wait 15 s for ever, never reaching the
 * DLQ, while the worker looked healthy.
 */
class WorkerRedisRefusalTest {

    @TempDir
    static Path dataDir;
    private static OwnRedis redis;
    private static Worker worker;

    @BeforeAll
    static void startWorkerAsAUserWithoutScripts() {
        redis = OwnRedis.start();
        try (RedisClient admin = RedisConnections.connect(redis.url())) {
            admin.sendCommand(Protocol.Command.ACL,
                    "SETUSER", "limited", "on", ">pw", "~*", "&*", "+@all", "-evalsha", "-eval");
        }
        Map<String, String> env = TestEnv.worker(dataDir);
        env.put("CAIRN_REDIS_URL", "redis://limited:pw@127.0.0.1:" + redis.url().getPort());
        env.put("CAIRN_JOB_MAX_RETRIES", "1");
        env.put("CAIRN_JOB_RETRY_BACKOFF_SEED", "1");
        Pipeline test = Pipeline.of("test", List.of(Step.of("work", ctx -> { })));
        worker = Worker.builder(CairnConfig.fromEnv(env)).pipeline(test).start();
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.close();
        if (redis != null) redis.close();
    }

    @Test
    void shouldFailAJobWhoseRedisUserCannotRunScripts() {
        String id = worker.jobs().submit(new JobSubmission("test", Map.of("n", 1), null)).jobId();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> worker.jobs().find(id).map(JobView::state).orElse(""), "FAILED"::equals);
        JobView failed = worker.jobs().find(id).orElseThrow();
        assertThat(failed.attempts()).as("first attempt + CAIRN_JOB_MAX_RETRIES: the refusal spends retries").isEqualTo(2);
        assertThat(failed.error().message()).startsWith("Redis refused beginning job " + id).contains("NOPERM");
    }

    @Test
    void shouldReportRedisDegradedWhenItsScriptsAreRefused() {
        URI base = URI.create("http://127.0.0.1:" + worker.httpPort());

        HealthProbe ready = HealthProbe.ready(base);

        assertThat(ready.httpStatus()).as("Redis refusing scripts degrades the worker, it stays ready").isEqualTo(200);
        assertThat(ready.status()).isEqualTo("degraded");
        assertThat(ready.component("redis")).isEqualTo("down");
        assertThat(ready.body().path("components").path("redis").path("message").asText()).contains("NOPERM");
    }
}
