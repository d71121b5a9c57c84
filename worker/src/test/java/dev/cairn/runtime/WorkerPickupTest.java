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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * An idle worker takes a job enqueued through Cairn's API at once, woken by the "jobs ready" signal,
 * instead of at its next poll of the job storage (a minute here).
 */
class WorkerPickupTest {

    private static final Set<String> RAN = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dataDir;

    @Test
    void shouldStartAnEnqueuedJobLongBeforeTheNextPollTick() {
        Map<String, String> env = TestEnv.worker(dataDir);
        env.put("CAIRN_POLL_INTERVAL_SECONDS", "60");
        Pipeline note = Pipeline.of("note", List.of(Step.of("note", ctx -> RAN.add(ctx.payload().requireString("name")))));
        try (Worker worker = Worker.builder(CairnConfig.fromEnv(env)).pipeline(note).start()) {
            // the first job may still be met by the poll right after start-up; the second comes after it
            for (String name : List.of("first", "second")) {
                worker.jobs().submit(new JobSubmission("note", Map.of("name", name), null));
                await("job " + name + " runs within seconds, not at the next 60 s poll")
                        .atMost(Duration.ofSeconds(20)).until(() -> RAN.contains(name));
            }
        }
    }
}
