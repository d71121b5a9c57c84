package dev.cairn.runtime;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.StepView;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.CairnConfig;
import dev.cairn.jobs.IdempotencyConflictException;
import dev.cairn.jobs.JobService;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * An idempotency key is remembered as long as JobRunr keeps its job. Once JobRunr deleted the job (a
 * succeeded job after 36 h, for good 72 h later), the same key makes a new job with the same id: it
 * starts with an empty output directory, and the earlier job's results are moved aside, not mixed in.
 */
class WorkerIdempotencyWindowTest {

    @TempDir
    Path dataDir;
    private Worker worker;
    private JobStorage storage;
    private Map<String, String> env;

    /** Writes one file per name in the payload's {@code files} into the job's output directory. */
    static Pipeline writer() {
        return Pipeline.of("writer", List.of(Step.of("write", ctx -> {
            @SuppressWarnings("unchecked")
            List<String> files = (List<String>) ctx.payload().asMap().get("files");
            Files.createDirectories(ctx.outputDir());
            for (String name : files) Files.writeString(ctx.outputDir().resolve(name), name);
        })));
    }

    @BeforeEach
    void start() {
        env = TestEnv.worker(dataDir);
        CairnConfig config = CairnConfig.fromEnv(env);
        worker = Worker.builder(config).pipeline(writer()).start();
        storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
    }

    @AfterEach
    void stop() {
        if (storage != null) storage.close();
        if (worker != null) worker.close();
    }

    private JobService.SubmitResult submit(String key, List<String> files) {
        return worker.jobs().submit(new JobSubmission("writer", Map.of("files", files), key));
    }

    private void awaitSucceeded(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> worker.jobs().find(id).map(JobView::state).orElse(""), "SUCCEEDED"::equals);
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shouldStartANewJobWithTheSameKeyAfterTheOldOneWasDeletedWithAFreshOutputDirectory() throws IOException {
        String key = "report-" + UUID.randomUUID();
        JobService.SubmitResult first = submit(key, List.of("old-a.txt", "old-b.txt"));
        awaitSucceeded(first.jobId());
        Path outputs = CairnConfig.fromEnv(TestEnv.worker(dataDir)).directories().outputDir();
        assertThat(files(outputs.resolve(first.jobId()))).containsExactly("old-a.txt", "old-b.txt");
        assertThat(submit(key, List.of("old-a.txt", "old-b.txt")).created()).as("inside the window: a duplicate").isFalse();
        assertThatThrownBy(() -> submit(key, List.of("new.txt"))).as("inside the window: another payload is refused")
                .isInstanceOf(IdempotencyConflictException.class);

        // what JobRunr does to a succeeded job after its retention: the job and so the key are gone
        storage.provider().deletePermanently(UUID.fromString(first.jobId()));
        JobService.SubmitResult again = submit(key, List.of("new.txt"));

        assertThat(again.created()).as("after the window: a new job").isTrue();
        assertThat(again.jobId()).as("ids are derived from the key").isEqualTo(first.jobId());
        awaitSucceeded(again.jobId());
        assertThat(files(outputs.resolve(again.jobId()))).as("only the new job's results").containsExactly("new.txt");
        try (Stream<Path> siblings = Files.list(outputs)) {
            Path aside = siblings.filter(p -> p.getFileName().toString().startsWith(first.jobId() + ".replaced-"))
                    .findFirst().orElseThrow(() -> new AssertionError("the earlier results were not kept"));
            assertThat(files(aside)).as("the earlier results, moved aside, not lost").containsExactly("old-a.txt", "old-b.txt");
        }
    }

    @Test
    void shouldRunEveryStepOfANewJobWithTheSameKeyWhenTheEarlierJobsCheckpointIsStillInRedis() throws IOException {
        String key = "report-" + UUID.randomUUID();
        JobService.SubmitResult first = submit(key, List.of("old.txt"));
        awaitSucceeded(first.jobId());
        Instant firstCreated = worker.jobs().find(first.jobId()).orElseThrow().createdAt();
        // what the earlier job leaves when the delete of its checkpoint after its success failed (Redis away for a
        // moment): its finished checkpoint, until the TTL
        CheckpointStore checkpoints = CheckpointStore.redis(TestRedis.client(), RedisKeys.withPrefix(env.get("CAIRN_REDIS_KEY_PREFIX")),
                Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
        checkpoints.begin(first.jobId(), firstCreated, "writer", List.of("write")).finishStep("write", false, null, 100, null);

        storage.provider().deletePermanently(UUID.fromString(first.jobId()));
        JobService.SubmitResult again = submit(key, List.of("new.txt"));
        awaitSucceeded(again.jobId());

        Path outputs = CairnConfig.fromEnv(env).directories().outputDir();
        assertThat(files(outputs.resolve(again.jobId()))).as("the new job's step ran").containsExactly("new.txt");
        assertThat(worker.jobs().find(again.jobId()).orElseThrow().checkpoint().steps())
                .extracting(StepView::status, StepView::runs).containsExactly(tuple("completed", 1));
    }
}
