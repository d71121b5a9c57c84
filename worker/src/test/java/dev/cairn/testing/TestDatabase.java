package dev.cairn.testing;

import org.testcontainers.containers.PostgreSQLContainer;

import java.util.Optional;
import java.util.UUID;

/**
 * The job storage the tests use: {@code CAIRN_TEST_DATABASE_URL} if set, else a Testcontainers
 * PostgreSQL when Docker is available, else none (the worker's embedded H2 under its data dir). Each
 * worker a test starts gets its own schema through {@link #uniqueTablePrefix()}.
 */
public final class TestDatabase {

    private static Optional<String> url;

    private TestDatabase() {
    }

    /** @return a PostgreSQL JDBC URL, or empty to use the embedded H2 */
    public static synchronized Optional<String> jdbcUrl() {
        if (url == null) url = choose();
        return url;
    }

    /** @return a fresh schema as JobRunr table prefix, e.g. {@code cairn_t1a2b3c4d.} */
    public static String uniqueTablePrefix() {
        return "cairn_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + ".";
    }

    private static Optional<String> choose() {
        String fromEnv = System.getenv("CAIRN_TEST_DATABASE_URL");
        if (fromEnv != null && !fromEnv.isBlank()) return Optional.of(fromEnv.trim());
        if (TestRedis.dockerAvailable()) {
            @SuppressWarnings("resource")
            PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:16-alpine");
            postgres.start();
            return Optional.of(postgres.getJdbcUrl() + "&user=" + postgres.getUsername() + "&password=" + postgres.getPassword());
        }
        return Optional.empty();
    }
}
