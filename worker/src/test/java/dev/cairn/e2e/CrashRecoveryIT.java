package dev.cairn.e2e;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.StepView;
import dev.cairn.api.client.CairnClient;
import dev.cairn.redis.RedisConnections;
import dev.cairn.testing.JobRow;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The promise of the README: {@code kill -9} a worker in the middle of a 300-page PDF, start it again,
 * and the job continues from the page it had reached without redoing finished steps, producing the
 * same output as an uninterrupted run.
 */
class CrashRecoveryIT {

    private static final int PAGES = 320;

    @TempDir
    Path tmp;

    @Test
    void shouldResumeAfterKill9OnTheConfiguredServices() throws Exception {
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        JobRow row = crashMidExtractionAndResume(env, URI.create(env.get("CAIRN_REDIS_URL")), env.get("CAIRN_REDIS_KEY_PREFIX"));
        assertThat(row.json()).as("the restarted worker found its predecessor's lease expired and took the job back itself")
                .contains("stopped renewing its lease").doesNotContain("too long in PROCESSING");
    }

    @Test
    void shouldResumeAfterKill9OnTheEmbeddedDefaults() throws Exception {
        // what a newcomer runs: no CAIRN_REDIS_URL, no CAIRN_DATABASE_URL — embedded Redis with AOF and H2 under the data dir
        Path data = tmp.resolve("data");
        Map<String, String> env = new java.util.HashMap<>(Map.of("CAIRN_DATA_DIR", data.toString(), "CAIRN_DASHBOARD_PORT", "0"));
        crashMidExtractionAndResume(env, null, "cairn:");
    }

    @Test
    void shouldDrainOnSigtermAndResumeWithoutSpendingARetry() throws Exception {
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        Path pdf = TestPdfs.withOutline(tmp.resolve("book.pdf"), 8, PAGES / 8);
        Path log = tmp.resolve("worker.log");
        String jobId;
        try (WorkerProcess first = WorkerProcess.start(env, log);
             RedisClient redis = RedisConnections.connect(URI.create(env.get("CAIRN_REDIS_URL")))) {
            CairnClient client = first.client();
            jobId = client.enqueue(JobSubmission.pdf(client.uploadFile(pdf), false));
            String key = env.get("CAIRN_REDIS_KEY_PREFIX") + "ckpt:{" + jobId + "}";
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> cursor(redis, key) >= 40);
            first.close(); // SIGTERM
            assertThat(first.tail()).contains("Cairn worker stopped");
            assertThat(cursor(redis, key)).as("the step stopped at a checkpoint").isBetween(40, PAGES);
        }
        JobRow row = JobRow.read(env, jobId);
        assertThat(row.state()).as("rescheduled, not failed or orphaned").isIn("SCHEDULED", "ENQUEUED");
        assertThat(row.json()).as("a shutdown spends no retry").doesNotContain("Retry 1");

        try (WorkerProcess second = WorkerProcess.start(env, log)) {
            JobView done = second.awaitSucceeded(jobId, Duration.ofSeconds(120));
            assertThat(done.checkpoint().step("inspect").runs()).isEqualTo(1);
            assertThat(done.checkpoint().step("extract-text").runs()).isEqualTo(2);
        }
    }

    private JobRow crashMidExtractionAndResume(Map<String, String> env, URI redisUrl, String keyPrefix) throws Exception {
        Path pdf = TestPdfs.withOutline(tmp.resolve("book.pdf"), 8, PAGES / 8);
        Path log = tmp.resolve("worker.log");
        String jobId;
        int cursorAtKill;
        try (WorkerProcess first = WorkerProcess.start(env, log)) {
            CairnClient client = first.client();
            jobId = client.enqueue(JobSubmission.pdf(client.uploadFile(pdf), false));
            try (RedisClient redis = RedisConnections.connect(redisUrl != null ? redisUrl : embeddedRedisUrl(env))) {
                String key = keyPrefix + "ckpt:{" + jobId + "}";
                // poll Redis directly (~60 µs a read) so the kill lands inside extract-text
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> cursor(redis, key) >= 40);
                first.kill9();
                cursorAtKill = cursor(redis, key);
            }
        }
        assertThat(cursorAtKill).as("killed in the middle of extract-text").isBetween(40, PAGES - 1);
        Path outputDir = Path.of(env.get("CAIRN_DATA_DIR"), "output", jobId);
        FileTime firstPageWritten = Files.getLastModifiedTime(outputDir.resolve("text/page-0001.txt"));

        try (WorkerProcess second = WorkerProcess.start(env, log)) {
            CairnClient client = second.client();
            JobView done = second.awaitSucceeded(jobId, Duration.ofSeconds(120));
            assertThat(done.checkpoint().step("inspect").runs()).as("a finished step is never rerun").isEqualTo(1);
            assertThat(done.checkpoint().step("extract-text").runs()).isEqualTo(2);
            assertThat(done.checkpoint().steps()).filteredOn(s -> !s.name().equals("extract-text"))
                    .extracting(StepView::runs).containsOnly(1);
            assertThat(done.checkpoint().resumedCount()).isGreaterThanOrEqualTo(1);
            assertThat(Files.getLastModifiedTime(outputDir.resolve("text/page-0001.txt")))
                    .as("pages before the saved cursor are not extracted again").isEqualTo(firstPageWritten);

            String uninterrupted = client.enqueue(JobSubmission.pdf(client.uploadFile(pdf), false));
            second.awaitSucceeded(uninterrupted, Duration.ofSeconds(120));
            assertThat(tree(outputDir)).isEqualTo(tree(outputDir.resolveSibling(uninterrupted)));
            assertThat(tree(outputDir)).containsKey("document.json").containsKey("text/page-0320.txt");
        }
        JobRow row = JobRow.read(env, jobId);
        assertThat(row.json()).as("the crash is recovered, not charged as a retry")
                .contains("Crash recovery 1 of 3").doesNotContain("Retry 1 of");
        return row;
    }

    private static URI embeddedRedisUrl(Map<String, String> env) throws IOException {
        String port = Files.readString(Path.of(env.get("CAIRN_DATA_DIR"), "redis", "redis.port")).trim();
        return URI.create("redis://127.0.0.1:" + port);
    }

    private static int cursor(RedisClient redis, String key) {
        String cursor = redis.hget(key, "s.extract-text.cursor");
        return cursor == null ? 0 : Integer.parseInt(cursor);
    }

    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }
}
