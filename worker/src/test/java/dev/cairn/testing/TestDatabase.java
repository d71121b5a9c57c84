package dev.cairn.testing;

import org.testcontainers.containers.PostgreSQLContainer;

import java.util.Optional;
import java.util.UUID;

/**
 * The job storage the tests use: {@code CAIRN_TEST_DATABASE_URL} if set, else a Testcontainers
 * PostgreSQL when Docker is available, else a PostgreSQL answering on 127.0.0.1:5432 (user {@code postgres}, database
 * {@code test}), else none (the worker's embedded H2 under its data dir; PostgreSQL-only tests skip). Each
 * worker a test starts gets its own schema through {@link #uniqueTablePrefix()}, dropped when the test JVM exits
 * ({@link TestLeftovers}).
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
        return TestLeftovers.tablePrefix("cairn_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + ".");
    }

    private static Optional<String> choose() {
        String fromEnv = System.getenv("CAIRN_TEST_DATABASE_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            TestLeftovers.sharedDatabase(fromEnv.trim());
            return Optional.of(fromEnv.trim());
        }
        if (TestRedis.dockerAvailable()) {
            @SuppressWarnings("resource")
            PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:16-alpine");
            postgres.start();
            return Optional.of(postgres.getJdbcUrl() + "&user=" + postgres.getUsername() + "&password=" + postgres.getPassword());
        }
        return localPostgres();
    }

    /**
     * A PostgreSQL answering on this machine's default port with the defaults of a developer's install (user
     * {@code postgres}, database {@code test}, no password): then the PostgreSQL-only tests (fencing, lease hand-over,
     * fleet breakers, database outages) run instead of being skipped.
     */
    private static Optional<String> localPostgres() {
        String candidate = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=2&socketTimeout=5";
        try (java.sql.Connection ignored = java.sql.DriverManager.getConnection(candidate)) {
            System.err.println("cairn tests: CAIRN_TEST_DATABASE_URL is unset; using the local PostgreSQL at " + candidate);
            TestLeftovers.sharedDatabase(candidate);
            return Optional.of(candidate);
        } catch (java.sql.SQLException e) {
            System.err.println("cairn tests: no CAIRN_TEST_DATABASE_URL, no Docker and no local PostgreSQL (" + e.getMessage()
                    + "): the tests that need PostgreSQL are SKIPPED; set CAIRN_TEST_DATABASE_URL=jdbc:postgresql://host:5432/db?user=... to run them");
            return Optional.empty();
        }
    }
}
