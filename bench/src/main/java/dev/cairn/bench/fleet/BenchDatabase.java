package dev.cairn.bench.fleet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The PostgreSQL the crash benchmarks share between their processes (an embedded H2 cannot be shared):
 * {@code CAIRN_BENCH_DATABASE_URL} if set, else the local {@value #LOCAL} when it accepts a connection,
 * else none. Every worker gets a schema of its own as JobRunr table prefix
 * ({@code cairn_bench_<random>.}); each is dropped when its sample is done, and any left over at
 * {@link #close()}. Nothing else in the database is touched.
 */
public final class BenchDatabase implements AutoCloseable {

    /** Environment variable naming the database to use (may carry a password: never put on a command line). */
    public static final String URL_ENV = "CAIRN_BENCH_DATABASE_URL";
    public static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String url;
    private final String description;
    private final HikariDataSource dataSource;
    private final List<String> schemas = new ArrayList<>();

    private BenchDatabase(String url, String description) {
        this.url = url;
        this.description = description;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("cairn-bench-db");
        // the probes, the schema DDL and the plain side's enqueues: one at a time from the bench's thread
        config.setMaximumPoolSize(3);
        config.setConnectionTimeout(5_000);
        this.dataSource = new HikariDataSource(config);
    }

    /** No PostgreSQL for the crash group; the message says why and what to set. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * @return the database to use
     * @throws Unavailable when {@value #URL_ENV} is not set and the local PostgreSQL refuses a connection
     * @throws IllegalStateException when {@value #URL_ENV} is set but unusable: a URL set on purpose must
     *                               work, failing loudly beats skipping silently
     */
    public static BenchDatabase resolve() throws Unavailable {
        String fromEnv = System.getenv(URL_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            String url = fromEnv.trim();
            if (!url.startsWith("jdbc:postgresql:")) throw new IllegalStateException(URL_ENV + " is not a PostgreSQL JDBC URL (jdbc:postgresql://…)");
            try {
                return new BenchDatabase(url, "external PostgreSQL (" + URL_ENV + ")");
            } catch (RuntimeException e) {
                throw new IllegalStateException(URL_ENV + " points at a database that cannot be reached: " + rootMessage(e), e);
            }
        }
        try (Connection ignored = DriverManager.getConnection(LOCAL)) {
            return new BenchDatabase(LOCAL, "PostgreSQL " + LOCAL + " (accepted a connection)");
        } catch (SQLException e) {
            throw new Unavailable(URL_ENV + " is not set and " + LOCAL + " refused a connection (" + rootMessage(e) + ")");
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** @return the JDBC URL, for a child's environment only (it may carry a password) */
    public String url() {
        return url;
    }

    public String description() {
        return description;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /**
     * @return a new schema name as JobRunr table prefix, e.g. {@code cairn_bench_1a2b3c4d.}; the schema
     * itself is created by whoever opens JobRunr's storage on it first (worker or {@link #createSchema})
     */
    public String newTablePrefix() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        String schema = "cairn_bench_" + HexFormat.of().formatHex(random);
        synchronized (schemas) {
            schemas.add(schema);
        }
        return schema + ".";
    }

    /** Creates the schema of {@code tablePrefix} if it does not exist yet. */
    void createSchema(String tablePrefix) {
        execute("CREATE SCHEMA IF NOT EXISTS " + schemaOf(tablePrefix));
    }

    /** Drops the schema of {@code tablePrefix} with all JobRunr's tables in it. */
    public void dropSchema(String tablePrefix) {
        String schema = schemaOf(tablePrefix);
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        synchronized (schemas) {
            schemas.remove(schema);
        }
    }

    private static String schemaOf(String tablePrefix) {
        String schema = tablePrefix.substring(0, tablePrefix.indexOf('.'));
        // why: it is spliced into DDL; only names made by newTablePrefix() are expected
        if (!schema.matches("cairn_bench_[0-9a-f]{8}")) throw new IllegalArgumentException("not a bench schema: " + tablePrefix);
        return schema;
    }

    private void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    /** Drops every schema of this run still there (after a failure), then closes the pool. */
    @Override
    public void close() {
        try {
            for (String schema : List.copyOf(schemas)) {
                try {
                    dropSchema(schema + ".");
                } catch (RuntimeException e) {
                    System.err.println("bench: could not drop schema " + schema + ": " + e.getMessage());
                }
            }
        } finally {
            dataSource.close();
        }
    }
}
