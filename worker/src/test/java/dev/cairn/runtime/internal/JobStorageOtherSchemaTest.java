package dev.cairn.runtime.internal;

import dev.cairn.config.CairnConfig;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Regression: a worker whose {@code CAIRN_DATABASE_URL} names a fresh schema ({@code currentSchema=}) and no table
 * prefix, in a database where another schema already holds JobRunr's tables, failed to start ("relation
 * jobrunr_migrations does not exist"): JobRunr looked for its migrations table in every schema, found the other's,
 * and skipped creating its own.
 */
class JobStorageOtherSchemaTest {

    @TempDir
    Path tmp;

    @Test
    void shouldCreateItsTablesInTheUrlsSchemaWhenAnotherSchemaHasJobRunrTables() throws SQLException {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "needs PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        // another deployment's tables, in a schema of its own
        CairnConfig other = CairnConfig.fromEnv(TestEnv.worker(tmp.resolve("other")));
        try (JobStorage ignored = JobStorage.open(other.storage(), other.directories(), new JacksonJsonMapper())) {
            // the other deployment's tables now exist
        }

        // a schema of the test's own, as TestEnv's workers get (dropped when the test JVM exits)
        String fresh = TestDatabase.uniqueTablePrefix().replace(".", "");
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl().orElseThrow()); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + fresh);
        }
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.remove("CAIRN_DATABASE_TABLE_PREFIX");
        String url = TestDatabase.jdbcUrl().orElseThrow();
        env.put("CAIRN_DATABASE_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + fresh);
        CairnConfig config = CairnConfig.fromEnv(env);

        try (JobStorage storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper())) {
            Job saved = storage.provider().save(new Job(new JobDetails("java.lang.System", null, "currentTimeMillis", List.of())));
            assertThat(storage.provider().getJobById(saved.getId()).getId()).isEqualTo(saved.getId());
        }
        assertThat(jobRows(fresh)).isEqualTo(1);
    }

    private static long jobRows(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl().orElseThrow()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".jobrunr_jobs")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
