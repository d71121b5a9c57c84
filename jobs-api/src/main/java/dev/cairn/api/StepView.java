package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * One step of a job's checkpoint, as the job JSON shows it.
 *
 * @param name        the step's name
 * @param status      {@code pending}, {@code running}, {@code completed}, {@code skipped}, or {@code failed} (the step
 *                    a job that failed for good was in)
 * @param runs        how often the step was started, across crashes and retries; never grows once completed
 * @param cursor      where the step resumes, while it is running; {@code null} otherwise
 * @param completedAt when it completed or was skipped
 * @param error       why the job failed in this step, for a {@code failed} step; {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepView(
        @JsonProperty("name") String name,
        @JsonProperty("status") String status,
        @JsonProperty("runs") int runs,
        @JsonProperty("cursor") String cursor,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("error") String error) {

    /**
     * A step without an error: every status but {@code failed}.
     *
     * @param name        the step's name
     * @param status      its status
     * @param runs        how often it was started
     * @param cursor      where it resumes, while running
     * @param completedAt when it completed or was skipped
     */
    public StepView(String name, String status, int runs, String cursor, Instant completedAt) {
        this(name, status, runs, cursor, completedAt, null);
    }

    /** Status of a step that has not started. */
    public static final String PENDING = "pending";
    /** Status of a step that started and has not finished (or was interrupted). */
    public static final String RUNNING = "running";
    /** Status of a finished step; it is never run again. */
    public static final String COMPLETED = "completed";
    /** Status of a step the pipeline decided not to run; it is never run again. */
    public static final String SKIPPED = "skipped";
    /** Status of the step a job that failed for good was in: it stopped there, with {@link #error()}. */
    public static final String FAILED = "failed";

    /**
     * @param why why the job failed
     * @return this step, marked as the one the job failed in
     */
    public StepView failed(String why) {
        return new StepView(name, FAILED, runs, cursor, completedAt, why);
    }

    /** @return {@code true} when the step is completed or skipped, so it will not run again */
    @JsonIgnore
    public boolean isDone() {
        return COMPLETED.equals(status) || SKIPPED.equals(status);
    }
}
