package dev.cairn.e2e;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClient;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.redis.RedisConnections;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of a worker in the middle of {@code sections}: after the restart the job finishes
 * without paying again for a section whose reply was already saved (requests counted at the provider).
 */
class ChapterCrashRecoveryIT {

    private static final int SECTIONS = 6;

    @TempDir
    Path tmp;

    @Test
    void shouldNotRequestFinishedSectionsAgainAfterKill9() throws Exception {
        try (FakeProviderServer provider = FakeProviderServer.start()) {
            provider.respondWith((request, number) -> ChapterReplies.isOutline(request)
                    ? FakeProviderServer.Behaviour.ok(ChapterReplies.outline("Tides", SECTIONS))
                    : FakeProviderServer.Behaviour.slow(Duration.ofMillis(400), FakeProviderServer.Behaviour.ok(
                    "## Section\n\nA paid reply, request " + number + ".")));
            Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
            env.put("CAIRN_PROVIDERS", "acme");
            provider.configure(env, "acme");
            Path log = tmp.resolve("worker.log");
            String jobId;
            try (WorkerProcess first = WorkerProcess.start(env, log);
                 RedisClient redis = RedisConnections.connect(URI.create(env.get("CAIRN_REDIS_URL")))) {
                CairnClient client = first.client();
                jobId = client.enqueue(JobSubmission.chapter("Tides", SECTIONS, null));
                String key = env.get("CAIRN_REDIS_KEY_PREFIX") + "ckpt:{" + jobId + "}";
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                    String cursor = redis.hget(key, "s.sections.cursor");
                    return cursor != null && Integer.parseInt(cursor) >= 2;
                });
                first.kill9();
            }
            try (WorkerProcess second = WorkerProcess.start(env, log)) {
                CairnClient client = second.client();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> client.job(jobId).state(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
                JobView done = client.job(jobId);
                assertThat(done.state()).as("%s\n%s", done.error(), second.tail()).isEqualTo("SUCCEEDED");
                assertThat(done.checkpoint().step("outline").runs()).isEqualTo(1);
                assertThat(done.checkpoint().step("sections").runs()).isEqualTo(2);

                Map<Integer, Long> perSection = ChapterReplies.sectionRequests(provider);
                assertThat(perSection).as("every section was asked for").hasSize(SECTIONS);
                long repeated = perSection.values().stream().filter(c -> c > 1).count();
                assertThat(repeated).as("at most the section in flight at the kill is paid twice: %s", perSection).isLessThanOrEqualTo(1);
                assertThat(ChapterReplies.outlineRequests(provider))
                        .as("the outline is never requested again").isEqualTo(1);
                Path chapter = Path.of(done.result().get("output_dir").toString()).resolve("chapter.md");
                assertThat(Files.readString(chapter)).startsWith("# Tides").contains("Part 1", "Part " + SECTIONS);
            }
        }
    }
}
