package dev.cairn.redis;

import dev.cairn.checkpoint.CheckpointSession;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.testing.FakeOnboarding;
import dev.cairn.testing.LocalRedisSentinel;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A {@code redis-sentinel://} URL on a real master, replica and sentinel: checkpoints go to the master
 * the sentinel names, in the URL's database, with the URL's password (the sentinel itself has none),
 * and keep working on the promoted replica after a failover. Skipped without a {@code redis-server}.
 */
class RedisSentinelTest {

    private static final String PASSWORD = "sentinel-s3cret";
    private static final int DATABASE = 2;

    @TempDir
    Path dir;

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());

    @Test
    void shouldKeepCheckpointsOnTheMasterAndFollowItThroughAFailover() {
        assumeTrue(LocalRedisSentinel.unavailable().isEmpty(), () -> "no local Sentinel: " + LocalRedisSentinel.unavailable().orElse(""));
        try (LocalRedisSentinel sentinel = LocalRedisSentinel.start(dir, PASSWORD);
             UnifiedJedis redis = RedisConnections.open(sentinel.url(DATABASE))) {
            assertThat(redis).isInstanceOf(RedisSentinelClient.class);
            CheckpointStore store = CheckpointStore.redis(redis, keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
            CheckpointSession session = store.begin("job-1", "p", List.of("one", "two"));
            session.startStep("one");
            session.saveCursor("one", "12", 40);

            assertThat(store.read("job-1").orElseThrow().step("one").cursor()).isEqualTo("12");
            int master = sentinel.masterPort();
            try (Jedis node = sentinel.node(master)) {
                node.select(DATABASE);
                assertThat(node.exists(keys.checkpoint("job-1"))).as("on the master, in database %d", DATABASE).isTrue();
                // why: replication is asynchronous; the checkpoint must have reached the replica before it is promoted
                assertThat(node.waitReplicas(1, 5_000)).isEqualTo(1);
            }

            sentinel.failover();
            assertThat(sentinel.masterPort()).isNotEqualTo(master);
            // why: the client hears +switch-master from the sentinel and moves its pool; until then a write may fail
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                store.begin("job-2", "p", List.of("one")).startStep("one");
                return true;
            });
            assertThat(store.read("job-1").orElseThrow().step("one").cursor()).as("replicated before the failover").isEqualTo("12");
            try (Jedis node = sentinel.node(sentinel.masterPort())) {
                node.select(DATABASE);
                assertThat(node.exists(keys.checkpoint("job-2"))).as("written on the new master").isTrue();
            }
        }
    }

    @Test
    void shouldSubscribeOnTheMasterTheSentinelNames() throws Exception {
        assumeTrue(LocalRedisSentinel.unavailable().isEmpty(), () -> "no local Sentinel: " + LocalRedisSentinel.unavailable().orElse(""));
        try (LocalRedisSentinel sentinel = LocalRedisSentinel.start(dir, PASSWORD);
             UnifiedJedis redis = RedisConnections.open(sentinel.url(0))) {
            URI url = sentinel.url(0);
            try (Jedis subscriber = RedisConnections.dedicated(url)) {
                assertThat(subscriber.getConnection().getHostAndPort().getPort()).isEqualTo(sentinel.masterPort());
            }
            WorkSignal signal = WorkSignal.redis(redis, () -> RedisConnections.dedicated(url), keys, Clock.systemUTC(), new SimpleMeterRegistry());
            FakeOnboarding worker = new FakeOnboarding();
            try (signal; AutoCloseable ignored = signal.onJobsReady(worker)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> worker.passes() >= 1);
                int before = worker.passes();
                signal.jobsReady();
                await().atMost(Duration.ofSeconds(2)).until(() -> worker.passes() > before);
            }
        }
    }
}
