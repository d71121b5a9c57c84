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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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

    @Test
    void shouldNotTakeMoreJobsThanItHasThreadsHoweverOftenItIsWoken() {
        Map<String, String> env = TestEnv.worker(dataDir);
        env.put("CAIRN_POLL_INTERVAL_SECONDS", "60");
        env.put("CAIRN_WORKER_COUNT", "2");
        CountDownLatch release = new CountDownLatch(1);
        Pipeline hold = Pipeline.of("hold", List.of(Step.of("hold", ctx -> {
            if (!release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
        })));
        try (Worker worker = Worker.builder(CairnConfig.fromEnv(env)).pipeline(hold).start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) ids.add(worker.jobs().submit(new JobSubmission("hold", Map.of("n", i), null)).jobId());
            await().atMost(Duration.ofSeconds(20)).until(() -> count(worker, ids, "PROCESSING") == 2);
            // every enqueue woke the worker; JobRunr counts a thread busy only once it starts, so without
            // counting handed-over jobs the later wake-ups took the other four too
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> count(worker, ids, "PROCESSING") <= 2);
            release.countDown();
            await().atMost(Duration.ofSeconds(90)).until(() -> count(worker, ids, "SUCCEEDED") == ids.size());
        }
    }

    private static long count(Worker worker, List<String> ids, String state) {
        return ids.stream().filter(id -> worker.jobs().find(id).map(j -> j.state().equals(state)).orElse(false)).count();
    }
}
