package dev.cairn.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bench.fleet.JobRunrTables;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos soak's view of JobRunr's own jobs table over JDBC, as {@link JobRunrTables} reads it for the
 * crash group: which jobs a (dead) server was running, every job's state, and a job's state history
 * ({@code jobAsJson}'s {@code jobHistory}), from which resume times, crash recoveries and failures are
 * taken. Nothing here goes through a worker, so a worker's bug cannot hide itself from the audit.
 */
final class ChaosProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROCESSING = "org.jobrunr.jobs.states.ProcessingState";
    private static final String FAILED = "org.jobrunr.jobs.states.FailedState";
    private static final String SCHEDULED = "org.jobrunr.jobs.states.ScheduledState";

    /**
     * One state of a job's history.
     *
     * @param kind       the state's simple name, e.g. {@code ProcessingState}
     * @param createdAt  when it was entered (the writing worker's clock: the same machine's here)
     * @param serverId   a processing state's server
     * @param reason     a scheduled state's reason (e.g. {@code Crash recovery 1 of 20: …}, {@code Retry 1 of 10})
     * @param exception  a failed state's exception class
     * @param message    a failed state's exception message
     * @param stackTrace a failed state's stack trace
     */
    record State(String kind, Instant createdAt, String serverId, String reason, String exception, String message, String stackTrace) {
        boolean isProcessing() {
            return kind.equals("ProcessingState");
        }

        boolean isFailed() {
            return kind.equals("FailedState");
        }
    }

    private final DataSource dataSource;
    private final String tablePrefix;

    ChaosProbe(DataSource dataSource, String tablePrefix) {
        this.dataSource = dataSource;
        this.tablePrefix = tablePrefix;
    }

    /** @return the jobs whose row says PROCESSING on {@code serverId} (its last ProcessingState's server) */
    List<String> processingOn(String serverId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select id, jobAsJson from " + tablePrefix + "jobrunr_jobs where state = 'PROCESSING'");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                List<State> history = history(rs.getString(2), rs.getString(1));
                for (int i = history.size() - 1; i >= 0; i--) {
                    if (history.get(i).isProcessing()) {
                        if (serverId.equals(history.get(i).serverId())) ids.add(rs.getString(1));
                        break;
                    }
                }
            }
        }
        return ids;
    }

    /** @return every job's state column by id (the worker's own recurring DLQ cleanup job among them) */
    Map<String, String> states() throws SQLException {
        Map<String, String> states = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select id, state from " + tablePrefix + "jobrunr_jobs");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) states.put(rs.getString(1), rs.getString(2));
        }
        return states;
    }

    /** @return the job's state history, oldest first; empty when the job is not stored */
    List<State> history(String jobId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select jobAsJson from " + tablePrefix + "jobrunr_jobs where id = ?")) {
            st.setString(1, jobId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? history(rs.getString(1), jobId) : List.of();
            }
        }
    }

    /** @return JobRunr's JSON of the job, as stored; empty when the job is not stored */
    java.util.Optional<String> json(String jobId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select jobAsJson from " + tablePrefix + "jobrunr_jobs where id = ?")) {
            st.setString(1, jobId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        }
    }

    private static List<State> history(String jobAsJson, String jobId) {
        try {
            List<State> states = new ArrayList<>();
            for (JsonNode s : JSON.readTree(jobAsJson).path("jobHistory")) {
                String type = s.path("@class").asText("");
                states.add(new State(type.substring(type.lastIndexOf('.') + 1), instant(s.path("createdAt")),
                        PROCESSING.equals(type) ? s.path("serverId").asText(null) : null,
                        SCHEDULED.equals(type) ? s.path("reason").asText(null) : null,
                        FAILED.equals(type) ? s.path("exceptionType").asText(null) : null,
                        FAILED.equals(type) ? s.path("exceptionMessage").asText(null) : null,
                        FAILED.equals(type) ? s.path("stackTrace").asText(null) : null));
            }
            return states;
        } catch (IOException e) {
            throw new UncheckedIOException("job " + jobId + ": unreadable jobAsJson", e);
        }
    }

    /** JobRunr writes instants as ISO-8601 text; numbers (epoch seconds with a fraction) are read too, to be safe. */
    private static Instant instant(JsonNode node) {
        if (node.isTextual()) return Instant.parse(node.asText());
        if (node.isNumber()) {
            double seconds = node.asDouble();
            return Instant.ofEpochSecond((long) seconds, Math.round((seconds - Math.floor(seconds)) * 1e9));
        }
        return null;
    }
}
