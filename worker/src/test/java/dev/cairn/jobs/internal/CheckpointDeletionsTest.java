package dev.cairn.jobs.internal;

import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.redis.RedisKeys;
import dev.cairn.tasks.PeriodicTasks;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Succeeded jobs' checkpoints leave Redis in batches, and none is left behind. */
class CheckpointDeletionsTest {

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CheckpointStore store = CheckpointStore.redis(TestRedis.client(), keys, Duration.ofHours(1), Clock.systemUTC(), meters);
    private final PeriodicTasks tasks = PeriodicTasks.start(meters, Clock.systemUTC());
    private final CheckpointDeletions deletions = new CheckpointDeletions(store);

    @AfterEach
    void close() {
        tasks.close();
    }

    private List<String> checkpointed(int n) {
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "job-" + i).toList();
        for (String id : ids) store.begin(id, "p", List.of("one"));
        return ids;
    }

    private long left(List<String> ids) {
        return ids.stream().filter(id -> TestRedis.client().exists(keys.checkpoint(id))).count();
    }

    @Test
    void shouldDeleteAtOnceWhileNotBatching() {
        List<String> ids = checkpointed(3);

        ids.forEach(deletions::add);

        assertThat(left(ids)).isZero();
    }

    @Test
    void shouldSendAFullBatchFromTheThreadThatFillsIt() throws Exception {
        try (AutoCloseable ignored = deletions.start(tasks)) {
            tasks.close(); // no periodic run from here on: only a full batch is sent
            List<String> ids = checkpointed(CheckpointDeletions.BATCH);

            ids.subList(0, CheckpointDeletions.BATCH - 1).forEach(deletions::add);
            assertThat(left(ids)).as("queued until the batch is full").isEqualTo(CheckpointDeletions.BATCH);
            deletions.add(ids.get(CheckpointDeletions.BATCH - 1));

            assertThat(left(ids)).as("the full batch, gone when the add that filled it returns").isZero();
        }
    }

    @Test
    void shouldSendAPartBatchWithinItsPeriodAndWhatIsLeftOnClose() throws Exception {
        List<String> ids = checkpointed(10);
        AutoCloseable batching = deletions.start(tasks);
        ids.subList(0, 5).forEach(deletions::add);

        await().atMost(Duration.ofSeconds(2)).until(() -> left(ids.subList(0, 5)) == 0);

        tasks.close(); // the periodic task no longer runs: only close sends the rest
        ids.subList(5, 10).forEach(deletions::add);
        assertThat(left(ids.subList(5, 10))).isEqualTo(5);
        batching.close();
        assertThat(left(ids)).isZero();

        String after = checkpointed(11).get(10);
        deletions.add(after);
        assertThat(left(List.of(after))).as("deleted at once after batching stopped").isZero();
    }
}
