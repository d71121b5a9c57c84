package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * A job as {@code GET /api/jobs/{id}} and {@code cairn status --json} show it.
 *
 * @param jobId      the job's id
 * @param type       the pipeline
 * @param state      JobRunr's state: ENQUEUED, SCHEDULED, PROCESSING, SUCCEEDED, FAILED, DELETED
 * @param attempts   how often a worker started the job
 * @param createdAt  when it was enqueued
 * @param updatedAt  its last state change
 * @param checkpoint the step table; {@code null} when none exists (not started, or expired)
 * @param result     only when SUCCEEDED, e.g. {@code {"output_dir": "..."}}, with {@code "note"} when the job left one for its user
 * @param error      only when FAILED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("type") String type,
        @JsonProperty("state") String state,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("checkpoint") @JsonInclude(JsonInclude.Include.ALWAYS) CheckpointView checkpoint,
        @JsonProperty("result") Map<String, Object> result,
        @JsonProperty("error") ErrorView error) {

    /**
     * Why a job failed.
     *
     * @param errorClass the exception class
     * @param message    the reason
     */
    public record ErrorView(@JsonProperty("class") String errorClass, @JsonProperty("message") String message) {
    }
}
