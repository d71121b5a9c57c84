package dev.cairn.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads JobRunr's own tables over JDBC, the same for Cairn's workers and the plain JobRunr servers, so
 * both sides are observed by one yardstick that neither side's code is part of.
 */
public final class JobRunrTables {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROCESSING_STATE = "org.jobrunr.jobs.states.ProcessingState";

    /**
     * A job seen PROCESSING.
     *
     * @param serverId the {@code serverId} of the last {@code ProcessingState} in its {@code jobHistory}
     * @param nanos    {@link System#nanoTime()} just before the query that saw it
     */
    public record Processing(String serverId, long nanos) {
    }

    private final DataSource dataSource;

    JobRunrTables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param tablePrefix the schema prefix, e.g. {@code cairn_bench_1a2b3c4d.}
     * @param jobId       the job's id
     * @return the server it is PROCESSING on, or empty when it is in another state (or not stored yet)
     */
    Optional<Processing> processing(String tablePrefix, String jobId) throws SQLException {
        long nanos = System.nanoTime();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select state, jobAsJson from " + tablePrefix + "jobrunr_jobs where id = ?")) {
            st.setString(1, jobId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next() || !"PROCESSING".equals(rs.getString(1))) return Optional.empty();
                return Optional.of(new Processing(lastProcessingServer(rs.getString(2), jobId), nanos));
            }
        }
    }

    /** @return the job's state column, or empty when the job is not stored */
    Optional<String> state(String tablePrefix, String jobId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select state from " + tablePrefix + "jobrunr_jobs where id = ?")) {
            st.setString(1, jobId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** @return the ids of the background job servers registered in this schema (alive or not yet timed out) */
    List<String> serverIds(String tablePrefix) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select id from " + tablePrefix + "jobrunr_backgroundjobservers");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        return ids;
    }

    private static String lastProcessingServer(String jobAsJson, String jobId) {
        try {
            JsonNode history = JSON.readTree(jobAsJson).path("jobHistory");
            for (int i = history.size() - 1; i >= 0; i--) {
                JsonNode state = history.get(i);
                if (PROCESSING_STATE.equals(state.path("@class").asText())) {
                    String serverId = state.path("serverId").asText("");
                    if (serverId.isEmpty()) break;
                    return serverId;
                }
            }
            throw new IllegalStateException("job " + jobId + " is PROCESSING but its jobHistory has no ProcessingState with a serverId");
        } catch (IOException e) {
            throw new UncheckedIOException("job " + jobId + ": unreadable jobAsJson", e);
        }
    }
}
