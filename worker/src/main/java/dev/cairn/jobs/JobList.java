package dev.cairn.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Listing jobs, most recently changed first ({@code GET /api/jobs}, the console's Jobs page): what is asked and what
 * comes back. Kept small on purpose: a page of summaries, each job in full is {@link JobService#find}.
 */
public final class JobList {

    /** The states a job can be listed by, as JobRunr names them. */
    public static final Set<String> STATES = Set.of("AWAITING", "SCHEDULED", "ENQUEUED", "PROCESSING", "FAILED", "SUCCEEDED", "DELETED");
    /** The most jobs one page holds. */
    public static final int MAX_LIMIT = 200;
    /** How far into the list a cursor may point: deeper pages would make the storage sort too many rows. */
    public static final int MAX_OFFSET = 10_000;

    private JobList() {
    }

    /**
     * What to list.
     *
     * @param state  one of {@link #STATES}, or empty for every state
     * @param type   a pipeline name, or empty for every type
     * @param since  only jobs changed at or after this instant, or empty
     * @param limit  the most to return, 1 to {@link #MAX_LIMIT}
     * @param offset how many matching jobs earlier pages held (from {@code next_cursor})
     */
    public record Query(Optional<String> state, Optional<String> type, Optional<Instant> since, int limit, int offset) {

        public Query {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(since, "since");
            if (state.isPresent() && !STATES.contains(state.get())) throw new IllegalArgumentException("unknown state " + state.get());
            if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
            if (offset < 0 || offset > MAX_OFFSET) throw new IllegalArgumentException("offset must be 0-" + MAX_OFFSET);
        }
    }

    /**
     * One job, in brief.
     *
     * @param jobId     its id
     * @param type      its pipeline
     * @param state     its JobRunr state
     * @param createdAt when it was enqueued
     * @param updatedAt its last state change
     * @param attempts  how often a worker started it
     * @param file      the payload's {@code file}, when it has one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(@JsonProperty("job_id") String jobId, @JsonProperty("type") String type, @JsonProperty("state") String state,
                          @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt,
                          @JsonProperty("attempts") int attempts, @JsonProperty("file") String file) {
    }

    /**
     * A page of jobs.
     *
     * @param jobs       the jobs, most recently changed first
     * @param nextCursor what to pass as {@code cursor} for the next page; {@code null} on the last
     */
    public record Page(@JsonProperty("jobs") List<Summary> jobs,
                       @JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {

        public Page {
            jobs = List.copyOf(jobs);
        }
    }
}
