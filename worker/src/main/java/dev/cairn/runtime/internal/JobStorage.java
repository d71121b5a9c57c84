package dev.cairn.runtime.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.config.ConfigException;
import dev.cairn.config.Directories;
import dev.cairn.config.StorageSettings;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;
import org.jobrunr.utils.mapper.JsonMapper;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * JobRunr's job storage: PostgreSQL from {@code CAIRN_DATABASE_URL}, else an H2 file database under
 * the data dir. Owns the connection pool.
 */
public final class JobStorage implements AutoCloseable {

    /** Connections in the pool: JobRunr's workers share them with the HTTP API. */
    public static final int DEFAULT_POOL_SIZE = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Tries at creating JobRunr's tables while other workers may be creating them too. */
    private static final int MIGRATION_ATTEMPTS = 5;

    private final HikariDataSource dataSource;
    private final StorageProvider provider;
    private final String description;

    private JobStorage(HikariDataSource dataSource, StorageProvider provider, String description) {
        this.dataSource = dataSource;
        this.provider = provider;
        this.description = description;
    }

    /**
     * Connects, creates or migrates JobRunr's tables, and returns the storage.
     *
     * @throws ConfigException when the database cannot be reached or used, naming CAIRN_DATABASE_URL
     */
    public static JobStorage open(StorageSettings settings, Directories dirs, JsonMapper jsonMapper) {
        HikariConfig hikari = new HikariConfig();
        String description;
        if (settings.databaseUrl().isPresent()) {
            hikari.setJdbcUrl(settings.databaseUrl().get());
            description = redact(settings.databaseUrl().get());
        } else {
            String file = dirs.dataDir().resolve("jobrunr").toString();
            // why WRITE_DELAY=0: H2 otherwise keeps committed changes in memory for up to a second, and a worker killed
            // with kill -9 in that second lost its jobs' last states (EmbeddedStorageKillIT)
            hikari.setJdbcUrl("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
            hikari.setUsername("sa");
            description = "H2 " + file + ".mv.db";
        }
        hikari.setPoolName("cairn-job-storage");
        hikari.setMaximumPoolSize(DEFAULT_POOL_SIZE);
        hikari.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        hikari.setInitializationFailTimeout(CONNECT_TIMEOUT.toMillis());
        hikari.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new ConfigException("CAIRN_DATABASE_URL", "points at a database that cannot be reached (" + description + "): " + rootMessage(e));
        }
        try {
            StorageProvider provider = migrated(dataSource, settings.tablePrefix().orElse(null));
            provider.setJobMapper(new JobMapper(jsonMapper));
            return new JobStorage(dataSource, provider, description);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new ConfigException("CAIRN_DATABASE_URL", "points at a database JobRunr cannot use (" + description + "): " + rootMessage(e));
        }
    }

    /**
     * JobRunr's storage, its schema (when the prefix names one) and tables created or migrated. Workers
     * started together on a fresh database race to create the same schema and tables, and all but one fail
     * ("already exists"); trying again sees what the winner made.
     */
    private static StorageProvider migrated(HikariDataSource dataSource, String configuredPrefix) {
        String tablePrefix = configuredPrefix != null ? configuredPrefix : ownSchemaPrefix(dataSource);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= MIGRATION_ATTEMPTS; attempt++) {
            try {
                if (configuredPrefix != null && configuredPrefix.contains(".")) {
                    createSchema(dataSource, configuredPrefix.substring(0, configuredPrefix.indexOf('.')));
                }
                return SqlStorageProviderFactory.using(dataSource, tablePrefix);
            } catch (RuntimeException e) {
                if (!rootMessage(e).contains("already exists")) throw e;
                last = e;
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    /**
     * The schema a PostgreSQL connection creates tables in ({@code currentSchema} of the URL, else the search path's
     * first, usually {@code public}), as JobRunr's table prefix, when no prefix is configured: the same tables, named
     * with their schema. Why: without a schema in its prefix, JobRunr looks for its migrations table in every schema the
     * user can see ({@code DatabaseMetaData.getTables} with no schema), so in a database where another schema holds
     * JobRunr's tables (another deployment, another application) a fresh schema was taken for a migrated one and the
     * worker failed to start on "relation jobrunr_migrations does not exist".
     *
     * @return e.g. {@code public.}; {@code null} (no prefix, as before) for another database, for no current schema,
     * or for a name that would need quoting
     */
    private static String ownSchemaPrefix(HikariDataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) return null;
            String schema = c.getSchema();
            // why lower case only: JobRunr writes the prefix into its SQL unquoted, which PostgreSQL folds to lower case
            return schema != null && schema.matches("[a-z_][a-z0-9_]*") ? schema + "." : null;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the connection's schema: " + e.getMessage(), e);
        }
    }

    private static void createSchema(HikariDataSource dataSource, String schema) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** @return JobRunr's storage provider */
    public StorageProvider provider() {
        return provider;
    }

    /** @return what the storage is, without credentials, for logs */
    public String description() {
        return description;
    }

    /**
     * A cheap query, for the readiness probe.
     *
     * @throws SQLException when the database does not answer
     */
    public void ping() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            st.execute("SELECT 1");
        }
    }

    @Override
    public void close() {
        try {
            provider.close();
        } finally {
            dataSource.close();
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/:@]+):[^@/]*@", "//$1:***@");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
