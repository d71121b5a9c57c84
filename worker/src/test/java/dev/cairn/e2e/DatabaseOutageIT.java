package dev.cairn.e2e;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClientException;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.redis.RedisConnections;
import dev.cairn.testing.HealthProbe;
import dev.cairn.testing.JdbcAddress;
import dev.cairn.testing.JobRow;
import dev.cairn.testing.TcpProxy;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PostgreSQL unreachable for 30 s under a worker that is running jobs: a {@link TcpProxy} between the
 * worker and the shared PostgreSQL drops every connection and refuses new ones. The worker stays up (live
 * 200) and says it is not ready (503, naming {@code job_storage}); once the database answers again it is
 * ready, it processes again, and every job, those enqueued before the outage and one enqueued after,
 * completes without spending a retry or redoing a finished step.
 */
class DatabaseOutageIT {

    private static final int SECTIONS = 6;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void shouldStayUpWhileTheDatabaseIsUnreachableAndProcessAgainAfterwards() throws Exception {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(),
                "needs a PostgreSQL to cut the worker off from (CAIRN_TEST_DATABASE_URL or Docker); the embedded H2 cannot be made unreachable");
        String databaseUrl = TestDatabase.jdbcUrl().get();
        JdbcAddress database = JdbcAddress.of(databaseUrl);
        try (FakeProviderServer provider = FakeProviderServer.start();
             TcpProxy proxy = TcpProxy.start(database.host(), database.port())) {
            provider.respondWith((request, number) -> ChapterReplies.isOutline(request)
                    ? FakeProviderServer.Behaviour.ok(ChapterReplies.outline("Tides", SECTIONS))
                    : FakeProviderServer.Behaviour.slow(Duration.ofMillis(1_500), FakeProviderServer.Behaviour.ok(
                    "## Section\n\nA paid reply, request " + number + ".")));
            Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
            env.put("CAIRN_DATABASE_URL", JdbcAddress.redirect(databaseUrl, "127.0.0.1", proxy.port()));
            env.put("CAIRN_PROVIDERS", "acme");
            provider.configure(env, "acme");
            // why: two run at once and the third waits in the queue, so the outage meets running and queued jobs
            env.put("CAIRN_WORKER_COUNT", "2");
            Path log = tmp.resolve("worker.log");
            Map<String, String> jobs = new LinkedHashMap<>();
            try (WorkerProcess worker = WorkerProcess.start(env, log);
                 RedisClient redis = RedisConnections.connect(URI.create(env.get("CAIRN_REDIS_URL")))) {
                assertThat(proxy.forwardedConnections()).as("the worker reaches PostgreSQL through the proxy").isPositive();
                for (int i = 1; i <= 3; i++) jobs.put(worker.client().enqueue(JobSubmission.chapter("Tides " + i, SECTIONS, null)), "Tides " + i);
                String prefix = env.get("CAIRN_REDIS_KEY_PREFIX");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> jobs.keySet().stream()
                        .filter(id -> redis.hget(prefix + "ckpt:{" + id + "}", "s.sections.cursor") != null).count() >= 2);

                proxy.cut();
                long cutAt = System.nanoTime();
                HealthProbe down = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                        .until(() -> HealthProbe.ready(worker.url()), p -> p.httpStatus() == 503);
                assertThat(down.status()).isEqualTo("not_ready");
                assertThat(down.component("job_storage")).isEqualTo("down");
                assertThat(down.body().path("message").asText()).startsWith("job storage is down");
                assertThat(down.component("redis")).as("only the database is cut off").isEqualTo("up");
                assertThatThrownBy(() -> worker.client().enqueue(JobSubmission.chapter("Too early", SECTIONS, null)))
                        .as("a producer is told to try again later").isInstanceOfSatisfying(CairnClientException.class,
                                e -> assertThat(e.status()).isEqualTo(503));
                // the rest of the 30 s: the worker stays alive and keeps saying it is not ready, every time it is asked
                Duration left = OUTAGE.minus(Duration.ofNanos(System.nanoTime() - cutAt));
                await().during(left).atMost(left.plusSeconds(20)).pollInterval(Duration.ofSeconds(1))
                        // why: a dead worker fails the probe with a connection error, which ends the wait
                        .until(() -> HealthProbe.live(worker.url()).httpStatus() == 200
                                && HealthProbe.ready(worker.url()).httpStatus() == 503);
                assertThat(proxy.refusedConnections()).as("the worker kept trying to reach PostgreSQL").isPositive();

                proxy.restore();
                HealthProbe up = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> HealthProbe.ready(worker.url()), p -> p.httpStatus() == 200);
                assertThat(up.status()).isEqualTo("ready");
                assertThat(up.component("job_storage")).isEqualTo("up");
                jobs.put(worker.client().enqueue(JobSubmission.chapter("Tides 4", SECTIONS, null)), "Tides 4");

                for (String id : jobs.keySet()) worker.awaitSucceeded(id, Duration.ofSeconds(90));
                for (Map.Entry<String, String> job : jobs.entrySet()) {
                    String id = job.getKey();
                    JobView done = worker.client().job(id);
                    assertThat(done.checkpoint().step("outline").runs()).isEqualTo(1);
                    assertThat(ChapterReplies.outlineRequests(provider, job.getValue())).as("a finished step is not run again").isEqualTo(1);
                    assertThat(done.checkpoint().step("assemble").runs()).as("job %s completed once", id).isEqualTo(1);
                    assertThat(JobRow.read(env, id).json()).as("the outage spends no retry").doesNotContain("Retry 1 of");
                }
            }
            String output = Files.readString(log);
            if (output.contains("Shutting down BackgroundJobServer") || output.contains("too many storage exceptions")) {
                // why: JobRunr 8.7 stops its server when the database fails and never starts it again by itself
                assertThat(output).as("the worker started JobRunr's server again").contains("job storage answers again, starting it");
            }
        }
    }
}
