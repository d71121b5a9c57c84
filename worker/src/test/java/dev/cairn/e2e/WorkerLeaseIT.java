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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code kill -9} of a worker running several jobs while a second worker lives: the second one sees the
 * dead worker's lease run out and hands every job back to the queue itself, instead of waiting for
 * JobRunr to call them orphaned; each resumes from its checkpoint without spending a retry, and no finished
 * step or paid section is redone beyond the one in flight.
 */
class WorkerLeaseIT {

    private static final int JOBS = 4;
    private static final int SECTIONS = 6;

    @TempDir
    Path tmp;

    @Test
    void shouldHandEveryJobOfAKilledWorkerToTheLiveOneThroughItsLease() throws Exception {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "two worker processes need a shared PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        try (FakeProviderServer provider = FakeProviderServer.start()) {
            // why: the doomed worker's jobs must still be mid-sections when it dies, however slow the machine:
            // their second section hangs until the kill, after which the survivor gets quick replies
            AtomicBoolean hold = new AtomicBoolean(true);
            provider.respondWith((request, number) -> {
                if (ChapterReplies.isOutline(request)) return FakeProviderServer.Behaviour.ok(ChapterReplies.outline("Tides", SECTIONS));
                FakeProviderServer.Behaviour reply = FakeProviderServer.Behaviour.ok("## Section\n\nA paid reply, request " + number + ".");
                boolean held = hold.get() && ChapterReplies.sectionOf(request) >= 2;
                return FakeProviderServer.Behaviour.slow(held ? Duration.ofSeconds(120) : Duration.ofMillis(200), reply);
            });
            Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
            env.put("CAIRN_PROVIDERS", "acme");
            provider.configure(env, "acme");
            env.put("CAIRN_PROVIDER_ACME_TIMEOUT", "180"); // why: the held call must outlast the doomed worker
            env.put("CAIRN_WORKER_COUNT", Integer.toString(JOBS));
            Map<String, String> topics = new HashMap<>();
            try (WorkerProcess doomed = WorkerProcess.start(env, tmp.resolve("doomed.log"));
                 RedisClient redis = RedisConnections.connect(URI.create(env.get("CAIRN_REDIS_URL")))) {
                for (int i = 1; i <= JOBS; i++) {
                    String topic = "Tides " + i;
                    topics.put(doomed.client().enqueue(JobSubmission.chapter(topic, SECTIONS, null)), topic);
                }
                String prefix = env.get("CAIRN_REDIS_KEY_PREFIX");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> topics.keySet().stream()
                        .allMatch(id -> "1".equals(redis.hget(prefix + "ckpt:{" + id + "}", "s.sections.cursor"))));

                try (WorkerProcess survivor = WorkerProcess.start(env, tmp.resolve("survivor.log"))) {
                    doomed.kill9();
                    hold.set(false);
                    for (String jobId : topics.keySet()) {
                        survivor.awaitSucceeded(jobId, Duration.ofSeconds(90));
                    }
                    for (Map.Entry<String, String> job : topics.entrySet()) {
                        JobView done = survivor.client().job(job.getKey());
                        assertThat(done.checkpoint().step("outline").runs()).as("a finished step is not run again").isEqualTo(1);
                        assertThat(done.checkpoint().step("sections").runs()).isEqualTo(2);
                        assertThat(done.checkpoint().step("assemble").runs()).isEqualTo(1);
                        assertThat(ChapterReplies.outlineRequests(provider, job.getValue())).isEqualTo(1);
                        Map<Integer, Long> perSection = ChapterReplies.sectionRequests(provider, job.getValue());
                        assertThat(perSection).as("every section of %s was asked for", job.getValue()).hasSize(SECTIONS);
                        assertThat(perSection.values().stream().filter(c -> c > 1).count())
                                .as("only the section in flight at the kill is paid twice: %s", perSection).isLessThanOrEqualTo(1);

                        String history = JobRow.read(env, job.getKey()).json();
                        assertThat(history).as("handed back by Cairn's lease check, not by JobRunr's orphan timeout")
                                .contains("stopped renewing its lease").doesNotContain("too long in PROCESSING");
                        assertThat(history).as("the crash spends no retry").contains("Crash recovery 1 of 3").doesNotContain("Retry 1 of");
                    }
                    assertThat(metric(survivor, "cairn_jobs_reclaimed_total")).isEqualTo(JOBS);
                }
            }
        }
    }

    private static double metric(WorkerProcess worker, String name) throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(worker.url().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        List<String> lines = new ArrayList<>(scrape.body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).toList());
        assertThat(lines).as("%s is exported", name).isNotEmpty();
        return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }
}
