package dev.cairn.runtime;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.config.CairnConfig;
import dev.cairn.testing.TestEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs run on platform threads, not JobRunr's default virtual ones: a virtual thread that waits for a class
 * loader's or a jar's lock keeps its carrier, and job threads starting at once on a 2-core worker held every
 * carrier while the lock's holder waited for a virtual thread no carrier was left to run. The worker froze
 * (no job, no heartbeat, no health answer) in the throughput bench's 4-process chapter drain.
 */
class WorkerJobThreadsTest {

    private static final Map<String, Boolean> VIRTUAL = new ConcurrentHashMap<>();

    @TempDir
    Path dataDir;

    @Test
    void shouldRunJobsOnPlatformThreads() {
        Map<String, String> env = TestEnv.worker(dataDir);
        Pipeline probe = Pipeline.of("thread-probe", List.of(Step.of("probe",
                ctx -> VIRTUAL.put(ctx.payload().requireString("name"), Thread.currentThread().isVirtual()))));
        try (Worker worker = Worker.builder(CairnConfig.fromEnv(env)).pipeline(probe).start()) {
            worker.jobs().submit(new JobSubmission("thread-probe", Map.of("name", "first"), null));
            await().atMost(Duration.ofSeconds(30)).until(() -> VIRTUAL.containsKey("first"));
        }
        assertThat(VIRTUAL).containsEntry("first", false);
    }
}
