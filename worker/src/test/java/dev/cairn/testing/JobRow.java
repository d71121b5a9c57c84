package dev.cairn.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's row in JobRunr's table, read straight from the job storage a worker of {@code env} uses
 * (PostgreSQL, or the H2 file under its data dir while no worker holds it), for what the API does not
 * show: the full state history with its reasons and failure messages.
 *
 * @param state the job's state
 * @param json  JobRunr's JSON of the job, history included
 */
public record JobRow(String state, String json) {

    /** @return the row of job {@code jobId}; fails the test when there is none */
    public static JobRow read(Map<String, String> env, String jobId) throws SQLException {
        String prefix = env.getOrDefault("CAIRN_DATABASE_TABLE_PREFIX", "");
        String url = env.getOrDefault("CAIRN_DATABASE_URL", "jdbc:h2:file:" + Path.of(env.get("CAIRN_DATA_DIR"), "jobrunr"));
        try (Connection c = url.startsWith("jdbc:h2") ? DriverManager.getConnection(url, "sa", "") : DriverManager.getConnection(url);
             PreparedStatement st = c.prepareStatement("select state, jobAsJson from " + prefix + "jobrunr_jobs where id = ?")) {
            st.setString(1, jobId);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("job %s is in the job storage", jobId).isTrue();
                return new JobRow(rs.getString(1), rs.getString(2));
            }
        }
    }
}
