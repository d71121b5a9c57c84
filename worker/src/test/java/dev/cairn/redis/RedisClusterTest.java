package dev.cairn.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.RescheduleException;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.checkpoint.CheckpointSession;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.checkpoint.StaleAttemptException;
import dev.cairn.config.BreakerSettings;
import dev.cairn.config.DlqSettings;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqQuery;
import dev.cairn.dlq.DlqStats;
import dev.cairn.dlq.ErrorSignature;
import dev.cairn.dlq.RemovalReason;
import dev.cairn.fleet.ExpiredLease;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.fleet.WorkerInfo;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.metrics.MetricNames;
import dev.cairn.ratelimit.RateLimiter;
import dev.cairn.testing.FakeOnboarding;
import dev.cairn.testing.LocalRedisCluster;
import dev.cairn.testing.MutableClock;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cairn's Redis-backed pieces on a real three-master Redis Cluster, through the client
 * {@link RedisConnections#open} makes of a {@code redis-cluster://} URL: each behaves as on one server
 * (no CROSSSLOT error, since every script's keys share a hash tag), and the keys of different jobs and
 * providers land on different nodes. Skipped without a {@code redis-server} on the PATH.
 */
class RedisClusterTest {

    private static final String PASSWORD = "cluster-s3cret";

    @TempDir
    static Path dir;
    private static LocalRedisCluster cluster;
    private static UnifiedJedis redis;

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());

    @BeforeAll
    static void startCluster() {
        assumeTrue(LocalRedisCluster.unavailable().isEmpty(), () -> "no local Redis Cluster: " + LocalRedisCluster.unavailable().orElse(""));
        cluster = LocalRedisCluster.start(dir, PASSWORD);
        redis = RedisConnections.open(cluster.url());
    }

    @AfterAll
    static void stopCluster() {
        if (redis != null) redis.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void shouldOpenAClusterClientThatAnswersPing() {
        assertThat(redis).isInstanceOf(RedisClusterClient.class);
        assertThat(redis.ping()).as("the health check's PING").isEqualTo("PONG");
        assertThat(((RedisClusterClient) redis).getClusterNodes()).hasSize(3);
    }

    @Test
    void shouldKeepCheckpointsOfJobsSpreadOverEveryNodeAndFenceStaleAttempts() {
        CheckpointStore store = CheckpointStore.redis(redis, keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
        List<String> steps = List.of("one", "two");
        List<String> jobs = IntStream.range(0, 30).mapToObj(i -> "cluster-job-" + i).toList();
        for (String job : jobs) {
            CheckpointSession session = store.begin(job, "p", steps);
            session.startStep("one");
            session.saveCursor("one", "7", 25);
            session.finishStep("one", false, "=out", 50, "two");
        }

        for (String job : jobs) {
            CheckpointView view = store.read(job).orElseThrow();
            assertThat(view.currentStep()).isEqualTo("two");
            assertThat(view.step("one").status()).isEqualTo("completed");
        }
        Map<Integer, Integer> perNode = cluster.keysPerNode(keys.prefix() + "ckpt:*");
        assertThat(perNode.values()).as("checkpoints per node %s", perNode).allMatch(n -> n > 0);
        assertThat(perNode.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(jobs.size());

        String job = jobs.get(0);
        CheckpointSession stale = store.begin(job, "p", steps);
        CheckpointSession current = store.begin(job, "p", steps);
        current.startStep("two");
        assertThatThrownBy(() -> stale.saveCursor("two", "99", 99)).isInstanceOf(StaleAttemptException.class);
        assertThat(store.read(job).orElseThrow().resumedCount()).isEqualTo(2);
        store.delete(job);
        assertThat(store.read(job)).isEmpty();
        store.deleteAll(jobs.subList(1, jobs.size()));
        assertThat(cluster.keysPerNode(keys.prefix() + "ckpt:*").values()).as("checkpoints deleted in one pipeline across nodes")
                .allMatch(n -> n == 0);
    }

    @Test
    void shouldRunTheDeadLetterQueueOnOneSlot() {
        Instant t0 = Instant.parse("2026-03-01T12:00:00Z");
        MutableClock clock = new MutableClock(t0);
        DeadLetterQueue dlq = DeadLetterQueue.redis(redis, keys, new DlqSettings(true, 7, 100, "0 3 * * *", 10, 50), clock,
                new SimpleMeterRegistry());
        DlqEntry old = entry("pdf-processing", "dev.cairn.pdf.InvalidPdfException", "not a PDF", t0.minus(Duration.ofDays(8)));
        DlqEntry recent = entry("chapter-generation", "java.io.IOException", "timeout after 30 s", t0.minusSeconds(5));
        DlqEntry removed = entry("pdf-processing", "E", "m", t0.minusSeconds(1));

        assertThat(List.of(old, recent, removed)).extracting(dlq::add).containsOnly(DeadLetterQueue.AddOutcome.ADDED);
        assertThat(dlq.add(recent)).isEqualTo(DeadLetterQueue.AddOutcome.ALREADY_SHIPPED);
        assertThat(dlq.remove(removed.jobId(), RemovalReason.REMOVED)).isTrue();
        assertThat(dlq.list(DlqQuery.all()).entries()).extracting(DlqEntry::jobId).containsExactly(recent.jobId(), old.jobId());
        DlqStats stats = dlq.stats();
        assertThat(stats.total()).isEqualTo(2);
        assertThat(stats.byType()).containsOnly(Map.entry("pdf-processing", 1L), Map.entry("chapter-generation", 1L));
        assertThat(dlq.cleanup()).as("the entry past the 7-day retention").isEqualTo(1);
        assertThat(dlq.find(recent.jobId())).contains(recent);
        assertThat(dlq.size()).isEqualTo(1);

        Map<Integer, Integer> perNode = cluster.keysPerNode(keys.prefix() + "dlq:*");
        assertThat(perNode.values()).as("every DLQ key on the node owning {dlq}: %s", perNode).filteredOn(n -> n > 0).hasSize(1);
        assertThat(perNode.get(cluster.portOwning(keys.dlq("entries")))).isPositive();
    }

    @Test
    void shouldTellAnotherWorkerAboutAnOpenBreakerPublishedOnAnotherNode() {
        // why: the listener subscribes on the first seed node; a provider whose key lives elsewhere proves
        // the transition, published by the script on its own node, crosses the cluster
        int subscribedNode = cluster.ports().get(0);
        String provider = IntStream.range(0, 100).mapToObj(i -> "acme-" + i)
                .filter(p -> cluster.portOwning(keys.breaker(p)) != subscribedNode).findFirst().orElseThrow();
        BreakerSettings settings = new BreakerSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(60), 1);
        try (UnifiedJedis otherWorker = RedisConnections.open(cluster.url())) {
            CircuitBreakerRegistry a = CircuitBreakerRegistry.shared(List.of(provider), redis, cluster.url(), keys, settings,
                    Clock.systemUTC(), new SimpleMeterRegistry()).start();
            CircuitBreakerRegistry b = CircuitBreakerRegistry.shared(List.of(provider), otherWorker, cluster.url(), keys, settings,
                    Clock.systemUTC(), new SimpleMeterRegistry()).start();
            try {
                CircuitBreaker mine = a.breaker(provider);
                CircuitBreaker theirs = b.breaker(provider);
                await().atMost(Duration.ofSeconds(5)).until(() -> theirs.snapshot().version() >= 0);
                for (int i = 0; i < settings.failureThreshold(); i++) mine.onFailure(mine.tryAcquire());

                assertThat(mine.snapshot().state()).isEqualTo(BreakerState.OPEN);
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                        .until(() -> theirs.snapshot().state() == BreakerState.OPEN);
                mine.reset();
                await().atMost(Duration.ofSeconds(2)).until(() -> theirs.snapshot().state() == BreakerState.CLOSED);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void shouldShareOneRateLimitBetweenWorkers() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<RateLimiter> workers = List.of(RateLimiter.redis(redis, keys, Duration.ZERO, meters), RateLimiter.redis(redis, keys, Duration.ZERO, meters));
        int allowed = 0;
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try {
                workers.get(i % 2).acquire("acme", 5, Duration.ofMinutes(1));
                allowed++;
            } catch (RescheduleException e) {
                waits.add(e.delay());
            }
        }
        assertThat(allowed).as("5 per minute across both workers").isEqualTo(5);
        assertThat(waits).hasSize(7).allSatisfy(d -> assertThat(d).isPositive());
    }

    @Test
    void shouldExpireForgetAndReleaseWorkerLeases() {
        WorkerLeases leases = WorkerLeases.redis(redis, keys, Duration.ofMillis(300), new ObjectMapper());
        leases.renew(new WorkerInfo("dead", "host-1", List.of("job-1"), 1L));
        leases.renew(new WorkerInfo("clean", "host-2", List.of(), 1L));
        leases.release("clean");

        await().atMost(Duration.ofSeconds(5)).until(() -> !leases.expired(10).isEmpty());
        List<ExpiredLease> expired = leases.expired(10);
        assertThat(expired).extracting(ExpiredLease::serverId).containsExactly("dead");
        assertThat(expired.get(0).info()).hasValueSatisfying(info -> assertThat(info.jobs()).containsExactly("job-1"));
        assertThat(leases.forget(expired.get(0))).isTrue();
        assertThat(leases.expired(10)).isEmpty();
    }

    @Test
    void shouldWakeAnotherWorkerWithTheWorkSignal() throws Exception {
        URI url = cluster.url();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WorkSignal sender = WorkSignal.redis(redis, () -> RedisConnections.dedicated(url), keys, Clock.systemUTC(), new SimpleMeterRegistry());
        WorkSignal receiver = WorkSignal.redis(redis, () -> RedisConnections.dedicated(url), keys, Clock.systemUTC(), meters);
        FakeOnboarding worker = new FakeOnboarding();
        try (sender; receiver; AutoCloseable ignored = receiver.onJobsReady(worker)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> worker.passes() >= 1); // once when subscribed
            int before = worker.passes();
            sender.jobsReady();
            await().atMost(Duration.ofSeconds(2)).until(() -> worker.passes() > before);
            assertThat(meters.get(MetricNames.WORK_SIGNALS).tag(MetricNames.TAG_OUTCOME, "claimed").counter().count())
                    .as("claimed on the Cluster, not onboarded because the claim failed").isEqualTo(1.0);
        }
    }

    @Test
    void shouldSubscribeThroughTheNextSeedWhenTheFirstIsDown() {
        int nothingListens = 1; // why: port 1 is privileged and unused here, so the connection is refused at once
        URI url = cluster.url(List.of(nothingListens, cluster.ports().get(1)));
        try (Jedis subscriber = RedisConnections.dedicated(url)) {
            assertThat(subscriber.ping()).isEqualTo("PONG");
            assertThat(subscriber.getConnection().getHostAndPort().getPort()).isEqualTo(cluster.ports().get(1));
        }
    }

    private static DlqEntry entry(String type, String errorClass, String message, Instant failedAt) {
        String id = java.util.UUID.randomUUID().toString();
        return new DlqEntry(id, type, Map.of("file", "a.pdf"), errorClass, message, "at x.y(Z.java:1)",
                ErrorSignature.of(errorClass, message), 3, failedAt.minusSeconds(60), failedAt, "inspect", null);
    }
}
