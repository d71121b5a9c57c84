package dev.cairn.runtime;

import dev.cairn.config.CairnConfig;
import dev.cairn.testing.HealthProbe;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue #16 part 2: {@code GET /health/redis} of a real worker, with a Redis the test owns stopped and started again. */
class WorkerRedisHealthTest {

    @TempDir
    static Path dataDir;
    private static OwnRedis redis;
    private static Worker worker;
    private static URI base;

    @BeforeAll
    static void startWorker() {
        redis = OwnRedis.start();
        Map<String, String> env = TestEnv.worker(dataDir);
        env.put("CAIRN_REDIS_URL", redis.url().toString());
        worker = Worker.start(CairnConfig.fromEnv(env));
        base = URI.create("http://127.0.0.1:" + worker.httpPort());
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.close();
        if (redis != null) redis.close();
    }

    @Test
    void shouldDescribeRedisAndItsBreakerThroughAnOutage() throws Exception {
        HealthProbe up = HealthProbe.redis(base);
        assertThat(up.httpStatus()).isEqualTo(200);
        assertThat(up.body().path("redis_available").asBoolean()).isTrue();
        assertThat(up.body().path("mode").asText()).isEqualTo("standalone");
        assertThat(up.body().path("circuit_breaker").path("state").asText()).isEqualTo("CLOSED");
        assertThat(up.body().path("circuit_breaker").path("successful_calls").asLong()).isPositive();
        assertThat(up.body().path("degraded_mode").isArray()).isTrue();
        assertThat(up.body().path("degraded_mode")).isEmpty();
        assertThat(up.body().path("server").path("version").asText()).matches("\\d+\\.\\d+.*");
        assertThat(up.body().path("server").path("persistence").path("aof").asBoolean()).as("the test's Redis runs with AOF").isTrue();
        assertThat(up.body().path("server").path("used_memory_bytes").asLong()).isPositive();

        redis.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> HealthProbe.redis(base).body().path("circuit_breaker").path("state").asText().equals("OPEN"));
            HealthProbe down = HealthProbe.redis(base);
            assertThat(down.httpStatus()).isEqualTo(503);
            assertThat(down.body().path("redis_available").asBoolean()).isFalse();
            assertThat(strings(down)).contains("jobs_wait_for_redis", "breaker_states_local");
            assertThat(down.body().path("circuit_breaker").path("last_failure_at").isTextual()).isTrue();
            assertThat(down.body().path("server").isNull()).isTrue();
            assertThat(HealthProbe.ready(base).httpStatus()).as("Redis down degrades the worker; it stays ready").isEqualTo(200);

            // #16 part 1: producers are still served, limited by this worker's own buckets, and the worker says so
            HttpResponse<String> api = get("/api/jobs/nope");
            assertThat(api.statusCode()).isEqualTo(404);
            assertThat(api.headers().firstValue("X-RateLimit-Limit")).hasValue("100");
            assertThat(strings(HealthProbe.redis(base))).contains("rate_limit_buckets_local");
            assertThat(HealthProbe.ready(base).body().path("components").path("redis").path("rate_limit_buckets").asText()).isEqualTo("local");
        } finally {
            redis.restart();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> HealthProbe.redis(base).httpStatus() == 200);
        HealthProbe back = HealthProbe.redis(base);
        assertThat(back.body().path("circuit_breaker").path("state").asText()).isEqualTo("CLOSED");
        assertThat(back.body().path("circuit_breaker").path("rejected_calls").asLong()).as("calls failed fast while it was open").isPositive();
        assertThat(get("/api/jobs/nope").statusCode()).isEqualTo(404);
        assertThat(HealthProbe.ready(base).body().path("components").path("redis").path("rate_limit_buckets").asText())
                .as("shared again at the first request Redis answers").isEqualTo("shared");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static List<String> strings(HealthProbe probe) {
        List<String> values = new ArrayList<>();
        probe.body().path("degraded_mode").forEach(v -> values.add(v.asText()));
        return values;
    }
}
