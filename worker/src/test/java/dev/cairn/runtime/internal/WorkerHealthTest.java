package dev.cairn.runtime.internal;

import dev.cairn.http.HealthChecks.ComponentStatus;
import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.EvictionPolicy;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisProbe;
import dev.cairn.tasks.PeriodicTasks;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkerHealthTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldReadTheDataDirsDiskAndTheHeap() {
        WorkerHealth health = new WorkerHealth(null, null, dataDir);

        ComponentStatus disk = health.diskSpace();
        ComponentStatus memory = health.memory();

        assertThat(disk.status()).isIn(ComponentStatus.UP, ComponentStatus.LOW);
        assertThat((Long) disk.details().get("free_bytes")).isPositive()
                .isLessThanOrEqualTo((Long) disk.details().get("total_bytes"));
        assertThat(disk.details()).containsEntry("path", dataDir.toString());
        assertThat((Long) memory.details().get("heap_used_bytes")).isPositive()
                .isLessThanOrEqualTo((Long) memory.details().get("heap_max_bytes"));
    }

    @Test
    void shouldSayWhyTheDiskCannotBeReadWhenTheDataDirIsGone() {
        WorkerHealth health = new WorkerHealth(null, null, dataDir.resolve("missing"));

        ComponentStatus disk = health.diskSpace();

        assertThat(disk.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(disk.message()).contains("missing");
    }

    @Test
    void shouldNotCallJobStorageUpWhileJobRunrsServerIsStopped() {
        dev.cairn.config.CairnConfig config = dev.cairn.config.CairnConfig.fromEnv(dev.cairn.testing.TestEnv.worker(dataDir.resolve("data")));
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (JobStorage storage = JobStorage.open(config.storage(), config.directories(), new org.jobrunr.utils.mapper.jackson.JacksonJsonMapper())) {
            WorkerHealth health = new WorkerHealth(storage, null, dataDir, running::get);
            assertThat(health.jobStorage().isUp()).isTrue();

            running.set(false); // JobRunr stopped its server after a storage failure
            ComponentStatus status = health.jobStorage();
            assertThat(status.isUp()).isFalse();
            assertThat(status.message()).contains("JobRunr's job server is stopped");
        }
    }

    /**
     * Issue #14 item 5: a Redis whose maxmemory-policy can evict keys with a TTL deletes checkpoints when it is
     * full; the worker says so at start-up (log), in /health/ready (without failing readiness) and as a gauge.
     */
    @Test
    void shouldWarnWhenRedisCanEvictCheckpoints() {
        try (OwnRedis own = OwnRedis.start(); RedisClient client = RedisConnections.connect(own.url())) {
            client.configSet("maxmemory-policy", "volatile-lru");
            SimpleMeterRegistry meters = new SimpleMeterRegistry();

            EvictionPolicy policy = EvictionPolicy.read(client);
            policy.register(meters);
            ComponentStatus redis = new WorkerHealth(null, new RedisProbe(client, RedisKeys.withPrefix(TestRedis.uniquePrefix())), policy,
                    dataDir, () -> true).redis();

            assertThat(policy.canEvict()).isTrue();
            assertThat(meters.get(MetricNames.REDIS_EVICTION_RISK).gauge().value()).isEqualTo(1.0);
            assertThat(redis.status()).as("a warning, not an outage").isEqualTo(ComponentStatus.UP);
            assertThat(redis.details()).containsEntry("maxmemory_policy", "volatile-lru");
            assertThat((String) redis.details().get("eviction_warning")).contains("volatile-lru").contains("noeviction");
        }
    }

    @Test
    void shouldNotWarnUnderNoevictionNorFailWhenThePolicyCannotBeRead() {
        try (OwnRedis own = OwnRedis.start(); RedisClient admin = RedisConnections.connect(own.url())) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            EvictionPolicy noeviction = EvictionPolicy.read(admin);
            noeviction.register(meters);
            assertThat(noeviction.policy()).contains("noeviction");
            assertThat(noeviction.canEvict()).isFalse();
            assertThat(meters.get(MetricNames.REDIS_EVICTION_RISK).gauge().value()).isZero();

            admin.sendCommand(Protocol.Command.ACL, "SETUSER", "noconfig", "on", ">pw", "~*", "&*", "+@all", "-config");
            try (RedisClient limited = RedisConnections.connect(java.net.URI.create("redis://noconfig:pw@127.0.0.1:" + own.url().getPort()))) {
                EvictionPolicy unknown = EvictionPolicy.read(limited);
                assertThat(unknown.policy()).isEmpty();
                assertThat(unknown.canEvict()).isFalse();
                assertThat(unknown.reason()).contains("NOPERM");
            }
        }
    }

    /** Issue #14 item 6: PING alone said Redis was fine while it refused every script, so every job waited for ever. */
    @Test
    void shouldCallRedisDownWhenItAnswersPingButRefusesScripts() {
        try (OwnRedis own = OwnRedis.start(); RedisClient admin = RedisConnections.connect(own.url())) {
            admin.sendCommand(Protocol.Command.ACL, "SETUSER", "noscripts", "on", ">pw", "~*", "&*", "+@all", "-evalsha", "-eval");
            try (RedisClient limited = RedisConnections.connect(java.net.URI.create("redis://noscripts:pw@127.0.0.1:" + own.url().getPort()))) {
                RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
                assertThat(new WorkerHealth(null, new RedisProbe(admin, keys), dataDir).redis().isUp()).isTrue();

                ComponentStatus redis = new WorkerHealth(null, new RedisProbe(limited, keys), dataDir).redis();

                assertThat(redis.status()).isEqualTo(ComponentStatus.DOWN);
                assertThat(redis.message()).startsWith("Redis refused running a script").contains("NOPERM");
            }
        }
    }

    /** Issue #15: the up gauge and /health read one probe, so they cannot disagree (the gauge used to PING only). */
    @Test
    void shouldShareOneRedisProbeResultBetweenHealthAndTheUpGauge() {
        try (OwnRedis own = OwnRedis.start(); RedisClient admin = RedisConnections.connect(own.url())) {
            admin.sendCommand(Protocol.Command.ACL, "SETUSER", "noscripts", "on", ">pw", "~*", "&*", "+@all", "-evalsha", "-eval");
            try (RedisClient limited = RedisConnections.connect(java.net.URI.create("redis://noscripts:pw@127.0.0.1:" + own.url().getPort()));
                 PeriodicTasks tasks = PeriodicTasks.start(new SimpleMeterRegistry(), java.time.Clock.systemUTC())) {
                AtomicInteger probes = new AtomicInteger();
                RedisProbe redisProbe = new RedisProbe(limited, RedisKeys.withPrefix(TestRedis.uniquePrefix()));
                SharedProbe shared = new SharedProbe(() -> {
                    probes.incrementAndGet();
                    redisProbe.check();
                });
                SimpleMeterRegistry meters = new SimpleMeterRegistry();
                SharedProbe storage = new SharedProbe(() -> { });
                DependencyGauges gauges = DependencyGauges.start(tasks, storage, shared, null, meters);
                WorkerHealth health = new WorkerHealth(storage, "test storage", shared, new EvictionPolicy(Optional.empty(), "not read"), dataDir, () -> true, null);

                await().atMost(java.time.Duration.ofSeconds(5)).until(() -> shared.last() != null);
                health.redis();
                int before = probes.get();
                ComponentStatus redis = health.redis();

                assertThat(redis.status()).isEqualTo(ComponentStatus.DOWN);
                assertThat(meters.get(MetricNames.REDIS_UP).gauge().value()).as("the gauge says what health says").isZero();
                assertThat(probes.get()).as("a second health check within a second took the shared result instead of probing again").isEqualTo(before);
                gauges.close();
            }
        }
    }
}
