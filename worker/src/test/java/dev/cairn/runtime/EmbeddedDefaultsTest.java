package dev.cairn.runtime;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigException;
import dev.cairn.redis.RedisConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker with nothing configured: its own Redis (AOF under the data dir) and H2. */
class EmbeddedDefaultsTest {

    @TempDir
    Path data;

    private Map<String, String> env() {
        return Map.of("CAIRN_DATA_DIR", data.toString(), "CAIRN_HTTP_PORT", "0", "CAIRN_DASHBOARD_PORT", "0");
    }

    private URI embeddedRedis() throws Exception {
        return URI.create("redis://127.0.0.1:" + Files.readString(data.resolve("redis/redis.port")).trim());
    }

    @Test
    void shouldKeepRedisDataAcrossRestartsAndRefuseASecondWorkerOnTheSameDataDir() throws Exception {
        try (Worker first = Worker.start(CairnConfig.fromEnv(env()))) {
            try (RedisClient redis = RedisConnections.connect(embeddedRedis())) {
                redis.set("cairn:survives", "yes");
            }
            assertThatThrownBy(() -> Worker.start(CairnConfig.fromEnv(env())))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("CAIRN_DATA_DIR");
            try (RedisClient redis = RedisConnections.connect(embeddedRedis())) {
                assertThat(redis.ping()).as("the first worker's Redis is untouched").isEqualTo("PONG");
            }
        }
        assertThat(data.resolve("redis/cairn.aof")).exists();
        try (Worker second = Worker.start(CairnConfig.fromEnv(env()));
             RedisClient redis = RedisConnections.connect(embeddedRedis())) {
            assertThat(redis.get("cairn:survives")).isEqualTo("yes");
            assertThat(data.resolve("jobrunr.mv.db")).exists();
        }
    }
}
