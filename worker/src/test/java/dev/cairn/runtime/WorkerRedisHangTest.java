package dev.cairn.runtime;

import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.config.CairnConfig;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that hangs (every command waits, no error) must not hang the worker's HTTP answers that do not
 * need Redis: a scrape of {@code /metrics} ({@code cairn_dlq_entries} comes from a background probe) and
 * {@code POST /api/jobs} (the job is stored in the job storage; the "jobs ready" signal is sent on a
 * thread of its own). Redis' socket timeout is 2 s: an answer that waits on Redis takes at least that.
 */
class WorkerRedisHangTest {

    private static final String TOKEN = "test-token-for-the-redis-hang";
    /** Well under Redis' 2 s socket timeout, well over a scrape's or an insert's time. */
    private static final Duration ANSWER_WITHIN = Duration.ofMillis(1_500);

    @TempDir
    Path dataDir;
    private OwnRedis redis;
    private Worker worker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();

    @BeforeEach
    void start() {
        redis = OwnRedis.start();
        Map<String, String> env = TestEnv.worker(dataDir);
        env.put("CAIRN_REDIS_URL", redis.url().toString());
        env.put("CAIRN_API_TOKEN", TOKEN);
        worker = Worker.builder(CairnConfig.fromEnv(env))
                .pipeline(Pipeline.of("noop", List.of(Step.of("nothing", ctx -> { })))).start();
    }

    @AfterEach
    void stop() {
        unpause();
        if (worker != null) worker.close();
        if (redis != null) redis.close();
    }

    /** Every client's commands wait until the pause ends: Redis hangs, it does not fail. */
    private void pause(Duration howLong) {
        try (Jedis admin = new Jedis(redis.url())) {
            admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", Long.toString(howLong.toMillis()), "ALL");
        }
    }

    private void unpause() {
        try (Jedis admin = new Jedis(redis.url())) {
            admin.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
        } catch (RuntimeException ignored) {
            // the server may be gone already
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> scrape() throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics")));
    }

    private HttpResponse<String> submit(String name) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + "/api/jobs"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"noop\",\"payload\":{\"name\":\"" + name + "\"}}")));
    }

    @Test
    void shouldAnswerAMetricsScrapeWhileRedisHangs() throws Exception {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> scrape().body(), body -> body.contains("cairn_dlq_entries 0.0"));

        pause(Duration.ofSeconds(20));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> scrape = scrape();
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("cairn_dlq_entries");
        }
    }

    @Test
    void shouldAcceptAJobWhileRedisHangs() throws Exception {
        assertThat(submit("before").statusCode()).isEqualTo(202);

        pause(Duration.ofSeconds(20));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> accepted = submit("while-hung-" + i);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        }
    }
}
