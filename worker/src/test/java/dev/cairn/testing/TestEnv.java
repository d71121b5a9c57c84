package dev.cairn.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Environment for a worker a test starts (in-process or as a child process): its own data dir, the
 * test Redis with a key prefix of its own, the test database with a schema of its own, ephemeral
 * HTTP port, no dashboard.
 */
public final class TestEnv {

    private TestEnv() {
    }

    /**
     * @param dataDir the worker's data dir
     * @return a mutable environment map; add or override variables as the test needs
     */
    public static Map<String, String> worker(Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("CAIRN_DATA_DIR", dataDir.toString());
        env.put("CAIRN_REDIS_URL", TestRedis.url().toString());
        env.put("CAIRN_REDIS_KEY_PREFIX", TestRedis.uniquePrefix());
        TestDatabase.jdbcUrl().ifPresent(url -> {
            env.put("CAIRN_DATABASE_URL", url);
            env.put("CAIRN_DATABASE_TABLE_PREFIX", TestDatabase.uniqueTablePrefix());
        });
        env.put("CAIRN_HTTP_PORT", "0");
        env.put("CAIRN_DASHBOARD_PORT", "0");
        env.put("CAIRN_POLL_INTERVAL_SECONDS", "5");
        return env;
    }
}
