package dev.cairn.checkpoint;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.StepView;
import dev.cairn.redis.RedisCircuitBreaker;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisUnavailableException;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisCheckpointStoreTest {

    private static final List<String> STEPS = List.of("one", "two", "three");
    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final RedisClient redis = TestRedis.client();
    private final CheckpointStore store = CheckpointStore.redis(redis, keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());

    @Test
    void shouldRecordRunsStatusCursorAndProgressVisibleToReaders() {
        String job = UUID.randomUUID().toString();
        CheckpointSession session = store.begin(job, "p", STEPS);
        assertThat(session.startStep("one")).isEqualTo(1);
        session.saveCursor("one", "17", 10);
        session.finishStep("one", false, "=out", 33.3, "two");
        session.startStep("two");
        session.saveCursor("two", "4", 50);

        CheckpointView view = store.read(job).orElseThrow();
        assertThat(view.currentStep()).isEqualTo("two");
        assertThat(view.progressPercent()).isEqualTo(50.0);
        assertThat(view.steps()).extracting(StepView::name, StepView::status, StepView::runs, StepView::cursor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("one", "completed", 1, null),
                        org.assertj.core.groups.Tuple.tuple("two", "running", 1, "4"),
                        org.assertj.core.groups.Tuple.tuple("three", "pending", 0, null));
        assertThat(view.step("one").completedAt()).isNotNull();
        assertThat(session.view()).isEqualTo(view);
    }

    @Test
    void shouldFinishAStepAndStartTheNextInOneWrite() {
        String job = UUID.randomUUID().toString();
        CheckpointSession session = store.begin(job, "p", STEPS);
        session.startStep("one");
        session.saveCursor("one", "17", 10);

        int runs = session.finishAndStart("one", false, "=out", 33.3, "two");

        assertThat(runs).isEqualTo(1);
        CheckpointView view = store.read(job).orElseThrow();
        assertThat(view.currentStep()).isEqualTo("two");
        assertThat(view.progressPercent()).isEqualTo(33.3);
        assertThat(view.steps()).extracting(StepView::name, StepView::status, StepView::runs, StepView::cursor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("one", "completed", 1, null),
                        org.assertj.core.groups.Tuple.tuple("two", "running", 1, null),
                        org.assertj.core.groups.Tuple.tuple("three", "pending", 0, null));
        assertThat(session.output("one")).contains("=out");
        assertThat(session.view()).isEqualTo(view);
        // a later attempt that starts step two again counts its second run
        CheckpointSession next = store.begin(job, "p", STEPS);
        assertThat(next.startStep("two")).isEqualTo(2);
        assertThatThrownBy(() -> session.finishAndStart("two", false, null, 66, "three")).isInstanceOf(StaleAttemptException.class);
    }

    @Test
    void shouldStartTheFirstStepNotDoneInTheRoundTripThatBeginsTheAttempt() {
        String job = UUID.randomUUID().toString();
        CheckpointSession first = store.begin(job, "p", STEPS);
        assertThat(first.view().steps()).extracting(StepView::runs).containsOnly(0); // as read before the start
        assertThat(store.read(job).orElseThrow().step("one").status()).isEqualTo("running");
        assertThat(first.startStep("one")).isEqualTo(1);
        first.finishStep("one", false, null, 33, "two");

        CheckpointSession second = store.begin(job, "p", STEPS);

        CheckpointView stored = store.read(job).orElseThrow();
        assertThat(stored.currentStep()).isEqualTo("two");
        assertThat(stored.step("two").runs()).isEqualTo(1);
        assertThat(stored.step("one").runs()).isEqualTo(1);
        assertThat(second.view().step("two").runs()).isZero();
        assertThat(second.startStep("two")).isEqualTo(1);
        assertThat(second.view()).isEqualTo(store.read(job).orElseThrow());
    }

    @Test
    void shouldCountAResumeAndKeepRunsAcrossAttempts() {
        String job = UUID.randomUUID().toString();
        CheckpointSession first = store.begin(job, "p", STEPS);
        first.startStep("one");
        first.finishStep("one", false, null, 33, "two");
        first.startStep("two");

        CheckpointSession second = store.begin(job, "p", STEPS);
        assertThat(second.view().resumedCount()).isEqualTo(1);
        assertThat(second.isDone("one")).isTrue();
        assertThat(second.startStep("two")).isEqualTo(2);
    }

    @Test
    void shouldResumeTheSameJobButStartAfreshForAnEarlierJobWithTheSameId() {
        String job = UUID.randomUUID().toString();
        Instant earlierJob = Instant.parse("2026-12-01T10:00:00.123Z");
        CheckpointSession first = store.begin(job, earlierJob, "p", STEPS);
        first.finishAndStart("one", false, "=paid", 33, "two");

        CheckpointSession resumed = store.begin(job, earlierJob, "p", STEPS);
        assertThat(resumed.isDone("one")).as("the same job resumes").isTrue();
        assertThat(resumed.view().resumedCount()).isEqualTo(1);
        resumed.finishAndStart("two", false, null, 66, "three");
        resumed.finishStep("three", false, null, 100, null);

        // the earlier job's key is still there (its delete failed or has not run) when job storage, having
        // deleted that job, takes its idempotency key again and creates a new job with the same id
        CheckpointSession laterJob = store.begin(job, earlierJob.plusSeconds(3600), "p", STEPS);

        assertThat(laterJob.view().steps()).as("none of the earlier job's steps count for the new one")
                .extracting(StepView::status, StepView::runs).containsOnly(org.assertj.core.groups.Tuple.tuple("pending", 0));
        assertThat(laterJob.view().resumedCount()).isZero();
        assertThat(laterJob.output("one")).isEmpty();
        assertThat(laterJob.startStep("one")).isEqualTo(1);
        assertThatThrownBy(() -> resumed.finishStep("three", false, null, 100, null)).isInstanceOf(StaleAttemptException.class);
        // and the new job resumes its own checkpoint in turn
        laterJob.finishAndStart("one", false, null, 33, "two");
        assertThat(store.begin(job, earlierJob.plusSeconds(3600), "p", STEPS).isDone("one")).isTrue();
    }

    @Test
    void shouldTakeACheckpointAsTheJobsOwnWhenTheJobsCreationIsUnknown() {
        String job = UUID.randomUUID().toString();
        CheckpointSession first = store.begin(job, Instant.parse("2026-12-01T10:00:00Z"), "p", STEPS);
        first.finishAndStart("one", false, null, 33, "two");

        assertThat(store.begin(job, "p", STEPS).isDone("one")).isTrue();
    }

    @Test
    void shouldRejectEveryWriteOfAnAttemptThatANewerAttemptFencedOff() {
        String job = UUID.randomUUID().toString();
        CheckpointSession stale = store.begin(job, "p", STEPS);
        stale.startStep("one");
        stale.saveCursor("one", "5", 5);

        CheckpointSession current = store.begin(job, "p", STEPS);
        assertThat(current.token()).isNotEqualTo(stale.token());
        current.saveCursor("one", "6", 6);

        assertThatThrownBy(() -> stale.saveCursor("one", "99", 99)).isInstanceOf(StaleAttemptException.class);
        assertThatThrownBy(() -> stale.finishStep("one", false, null, 100, "two")).isInstanceOf(StaleAttemptException.class);
        assertThatThrownBy(() -> stale.startStep("two")).isInstanceOf(StaleAttemptException.class);

        CheckpointView view = store.read(job).orElseThrow();
        assertThat(view.step("one").cursor()).isEqualTo("6");
        assertThat(view.step("one").status()).isEqualTo("running");
        assertThat(view.step("two").runs()).isZero();
    }

    @Test
    void shouldFenceOffAnAttemptWhoseCheckpointWasDeleted() {
        String job = UUID.randomUUID().toString();
        CheckpointSession session = store.begin(job, "p", STEPS);
        session.startStep("one"); // begin started it in its own round trip
        store.delete(job);
        assertThatThrownBy(() -> session.saveCursor("one", "1", 1)).isInstanceOf(StaleAttemptException.class).hasMessageContaining("gone");
        assertThatThrownBy(() -> session.startStep("two")).isInstanceOf(StaleAttemptException.class).hasMessageContaining("gone");
        assertThat(store.read(job)).isEmpty();
    }

    /**
     * Issue #14 item 5: the token was a counter inside the hash, so once the hash disappeared (TTL, eviction,
     * a failover that lost it) the next attempt got token 1 again and a frozen first attempt passed the fence.
     */
    @Test
    void shouldRefuseAFrozenAttemptAfterTheCheckpointHashVanished() {
        String job = UUID.randomUUID().toString();
        CheckpointSession frozen = store.begin(job, "p", STEPS);
        frozen.startStep("one");
        redis.del(keys.checkpoint(job)); // evicted, expired or lost in a failover while the attempt was frozen

        CheckpointSession winner = store.begin(job, "p", STEPS);
        winner.startStep("one");
        winner.saveCursor("one", "7", 7);

        assertThatThrownBy(() -> frozen.saveCursor("one", "99", 99)).isInstanceOf(StaleAttemptException.class);
        assertThatThrownBy(() -> frozen.finishAndStart("one", false, "=stale", 50, "two")).isInstanceOf(StaleAttemptException.class);
        assertThatThrownBy(() -> frozen.finishStep("one", false, "=stale", 50, "two")).isInstanceOf(StaleAttemptException.class);
        CheckpointView view = store.read(job).orElseThrow();
        assertThat(view.step("one").status()).isEqualTo("running");
        assertThat(view.step("one").cursor()).isEqualTo("7");
        assertThat(view.step("two").runs()).isZero();
        // the winner keeps writing
        winner.finishAndStart("one", false, "=mine", 33, "two");
        assertThat(winner.output("one")).contains("=mine");
    }

    @Test
    void shouldSetTheTtlAndRefreshItOnEveryWrite() {
        Duration ttl = Duration.ofSeconds(30);
        CheckpointStore shortLived = CheckpointStore.redis(redis, keys, ttl, Clock.systemUTC(), new SimpleMeterRegistry());
        String job = UUID.randomUUID().toString();
        CheckpointSession session = shortLived.begin(job, "p", STEPS);
        String key = keys.checkpoint(job);
        assertThat(redis.pttl(key)).isBetween(1L, ttl.toMillis());

        session.startStep("one"); // begin started it already
        redis.pexpire(key, 1_000);
        session.saveCursor("one", "1", 1);
        assertThat(redis.pttl(key)).isGreaterThan(20_000L);

        redis.pexpire(key, 1_000);
        session.finishAndStart("one", false, null, 50, "two");
        assertThat(redis.pttl(key)).isGreaterThan(20_000L);
    }

    @Test
    void shouldWriteInOneRoundTripWhateverTheNumberOfSteps() {
        try (OwnRedis own = OwnRedis.start(); RedisClient client = RedisConnections.connect(own.url())) {
            CheckpointStore ownStore = CheckpointStore.redis(client, keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
            for (int stepCount : new int[]{3, 300}) {
                List<String> steps = IntStream.range(0, stepCount).mapToObj(i -> "s" + i).toList();
                CheckpointSession session = ownStore.begin(UUID.randomUUID().toString(), "p", steps);
                session.startStep("s0"); // begin started it already: no round trip
                // the first use of a script after a server start loads it (EVAL): use both before counting
                session.saveCursor("s0", "warm-up", 0);
                session.startStep("s1");
                Map<String, Long> before = commandCalls(client);
                for (int i = 0; i < 10; i++) session.saveCursor("s0", Integer.toString(i), i);
                session.finishStep("s0", false, "=x", 1, "s1");
                Map<String, Long> after = commandCalls(client);

                List<String> topLevel = new ArrayList<>();
                after.forEach((cmd, calls) -> {
                    long delta = calls - before.getOrDefault(cmd, 0L);
                    if (delta > 0 && !List.of("hget", "hset", "hdel", "hincrby", "pexpire", "info").contains(cmd)) topLevel.add(cmd + "=" + delta);
                });
                assertThat(topLevel).as("commands sent for 11 writes with %d steps", stepCount).containsExactly("evalsha=11");
            }
        }
    }

    @Test
    void shouldThrowRedisUnavailableInsteadOfReportingNoCheckpoint() {
        try (OwnRedis own = OwnRedis.start(); RedisClient client = RedisConnections.connect(own.url())) {
            CheckpointStore ownStore = CheckpointStore.redis(client, keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
            String job = UUID.randomUUID().toString();
            CheckpointSession session = ownStore.begin(job, "p", STEPS);
            session.startStep("one");
            own.stop();

            assertThatThrownBy(() -> ownStore.read(job)).isInstanceOf(RedisUnavailableException.class);
            assertThatThrownBy(() -> ownStore.begin(job, "p", STEPS)).isInstanceOf(RedisUnavailableException.class);
            assertThatThrownBy(() -> session.saveCursor("one", "3", 3)).isInstanceOf(RedisUnavailableException.class);

            own.restart();
            assertThat(ownStore.read(job)).get().extracting(v -> v.step("one").runs()).isEqualTo(1);
        }
    }

    @Test
    void shouldCountFailedDeleteBatchesInTheRedisBreakerAndRefuseThemAtOnceWhileItIsOpen() {
        RedisCircuitBreaker breaker = RedisCircuitBreaker.create(2, Clock.systemUTC(), new SimpleMeterRegistry());
        try (OwnRedis own = OwnRedis.start(); UnifiedJedis client = RedisConnections.open(own.url(), breaker)) {
            CheckpointStore ownStore = CheckpointStore.redis(client, breaker, keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
            List<String> jobs = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
            for (String job : jobs) ownStore.begin(job, "p", STEPS);
            ownStore.deleteAll(jobs);
            assertThat(jobs).allSatisfy(job -> assertThat(ownStore.read(job)).isEmpty());

            own.stop();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> ownStore.deleteAll(jobs)).isInstanceOf(RedisUnavailableException.class);
            }
            assertThat(breaker.snapshot().state()).as("two failed delete batches in a row open a breaker of threshold 2")
                    .isEqualTo(RedisCircuitBreaker.State.OPEN);
            assertThat(breaker.snapshot().failedCalls()).isEqualTo(2);

            assertThatThrownBy(() -> ownStore.deleteAll(jobs)).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("circuit breaker is open");
            assertThat(breaker.snapshot().failedCalls()).as("no connection tried while open").isEqualTo(2);
            assertThat(breaker.snapshot().rejectedCalls()).isEqualTo(1);
        }
    }

    private static Map<String, Long> commandCalls(RedisClient client) {
        Map<String, Long> calls = new java.util.HashMap<>();
        for (String line : client.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) continue;
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            String stats = line.substring(line.indexOf(':') + 1);
            for (String part : stats.split(",")) {
                if (part.startsWith("calls=")) calls.put(name, Long.parseLong(part.substring("calls=".length())));
            }
        }
        return calls;
    }

}
