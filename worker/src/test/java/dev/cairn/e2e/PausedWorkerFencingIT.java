package dev.cairn.e2e;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.redis.RedisConnections;
import dev.cairn.testing.JobRow;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A worker that only looked dead: paused with SIGSTOP mid-job until its lease ran out and the second
 * worker took the job back, then resumed with SIGCONT. It abandons the job (a checkpoint write it still
 * tries is fenced off, or JobRunr refuses its stale update of the job and interrupts the attempt), and the
 * job completes exactly once on the other worker, paying at most the section that was in flight twice.
 */
class PausedWorkerFencingIT {

    private static final int SECTIONS = 14;

    @TempDir
    Path tmp;

    @Test
    void shouldFenceOffAPausedWorkerThatWakesUpAfterItsJobMovedOn() throws Exception {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "two worker processes need a shared PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        try (FakeProviderServer provider = FakeProviderServer.start()) {
            provider.respondWith((request, number) -> ChapterReplies.isOutline(request)
                    ? FakeProviderServer.Behaviour.ok(ChapterReplies.outline("Tides", SECTIONS))
                    : FakeProviderServer.Behaviour.slow(Duration.ofMillis(1_200), FakeProviderServer.Behaviour.ok(
                    "## Section\n\nA paid reply, request " + number + ".")));
            Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
            env.put("CAIRN_PROVIDERS", "acme");
            provider.configure(env, "acme");
            // why: the provider call in flight when the worker froze must survive the pause, so what stops the
            // woken worker is the fencing of its next checkpoint write, not a timeout
            env.put("CAIRN_PROVIDER_ACME_TIMEOUT", "180");
            String key;
            String jobId;
            try (WorkerProcess paused = WorkerProcess.start(env, tmp.resolve("paused.log"));
                 RedisClient redis = RedisConnections.connect(URI.create(env.get("CAIRN_REDIS_URL")))) {
                jobId = paused.client().enqueue(JobSubmission.chapter("Tides", SECTIONS, null));
                key = env.get("CAIRN_REDIS_KEY_PREFIX") + "ckpt:{" + jobId + "}";
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> sectionsCursor(redis, key) >= 1);
                try (WorkerProcess other = WorkerProcess.start(env, tmp.resolve("other.log"))) {
                    paused.pause();
                    // the other worker sees the frozen one's lease expire, hands the job back and resumes it from its checkpoint
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                            .until(() -> "2".equals(redis.hget(key, "s.sections.runs")));
                    paused.resume();

                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                            .until(() -> other.client().job(jobId).state(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
                    JobView done = other.client().job(jobId);
                    assertThat(done.state()).as("%s\n%s", done.error(), other.tail()).isEqualTo("SUCCEEDED");
                    assertThat(done.checkpoint().step("outline").runs()).isEqualTo(1);
                    assertThat(done.checkpoint().step("sections").runs()).isEqualTo(2);
                    assertThat(done.checkpoint().step("assemble").runs()).as("the job completed exactly once").isEqualTo(1);
                    // the woken worker gives the job up: a checkpoint write is fenced off, or JobRunr refuses its stale
                    // update of the job (and interrupts the attempt)
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                        String log = Files.readString(tmp.resolve("paused.log"));
                        return log.contains("this attempt of job " + jobId + " was fenced off")
                                || log.contains("could not update job(id=" + jobId);
                    });
                    JobView after = other.client().job(jobId);
                    assertThat(after.state()).isEqualTo("SUCCEEDED");
                    assertThat(after.checkpoint().step("sections").runs()).as("the woken worker did not run the step again").isEqualTo(2);
                    assertThat(JobRow.read(env, jobId).json()).as("taken back through the frozen worker's expired lease")
                            .contains("stopped renewing its lease").contains("Crash recovery 1 of 3").doesNotContain("Retry 1 of");
                }
                Map<Integer, Long> perSection = ChapterReplies.sectionRequests(provider);
                assertThat(perSection).as("every section was asked for").hasSize(SECTIONS);
                assertThat(perSection.values().stream().filter(c -> c > 1).count())
                        .as("only the section in flight when the worker froze is paid twice: %s", perSection).isLessThanOrEqualTo(1);
                Path chapter = tmp.resolve("data").resolve("output").resolve(jobId).resolve("chapter.md");
                assertThat(Files.readString(chapter)).startsWith("# Tides").contains("Part 1", "Part " + SECTIONS);
            }
        }
    }

    private static int sectionsCursor(RedisClient redis, String key) {
        String cursor = redis.hget(key, "s.sections.cursor");
        return cursor == null ? 0 : Integer.parseInt(cursor);
    }
}
