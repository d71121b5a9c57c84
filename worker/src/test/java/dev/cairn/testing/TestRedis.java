package dev.cairn.testing;

import dev.cairn.redis.EmbeddedRedis;
import dev.cairn.redis.RedisConnections;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The Redis the tests use, in the order DEVELOPERS.md sets: {@code CAIRN_TEST_REDIS_URL} if set,
 * else a Testcontainers Redis when Docker is available, else an embedded Redis started once for the
 * test JVM. Tests isolate themselves with {@link #uniquePrefix()} and random job ids; nothing here ever
 * flushes a server, and the keys under this JVM's prefixes go when it exits ({@link TestLeftovers}).
 */
public final class TestRedis {

    private static URI url;
    private static RedisClient client;

    private TestRedis() {
    }

    /** @return the shared test Redis */
    public static synchronized URI url() {
        if (url == null) url = choose();
        return url;
    }

    /** @return a client of the shared test Redis (do not close it) */
    public static synchronized RedisClient client() {
        if (client == null) client = RedisConnections.connect(url());
        return client;
    }

    /** @return a key prefix no other test uses, e.g. {@code cairn-test-1a2b3c4d:} */
    public static String uniquePrefix() {
        return TestLeftovers.keyPrefix("cairn-test-" + UUID.randomUUID().toString().substring(0, 8) + ":");
    }

    private static URI choose() {
        String fromEnv = System.getenv("CAIRN_TEST_REDIS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            URI shared = URI.create(fromEnv.trim());
            TestLeftovers.sharedRedis(shared);
            return shared;
        }
        if (dockerAvailable()) {
            @SuppressWarnings("resource")
            GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            return URI.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
        }
        try {
            EmbeddedRedis embedded = EmbeddedRedis.start(Files.createTempDirectory("cairn-test-redis"));
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
            return embedded.url();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    /** A temporary directory for a Redis of the test's own (to stop and restart it). */
    public static Path tempDir() throws java.io.IOException {
        return Files.createTempDirectory("cairn-own-redis");
    }
}
