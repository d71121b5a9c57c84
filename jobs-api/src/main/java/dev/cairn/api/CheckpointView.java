package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A job's checkpoint, as the job JSON shows it.
 *
 * @param currentStep     the step running or about to run; {@code null} when all are done
 * @param progressPercent overall progress 0–100
 * @param resumedCount    how often the job resumed from an existing checkpoint
 * @param updatedAt       the last checkpoint write
 * @param steps           every step of the pipeline, in order
 */
public record CheckpointView(
        @JsonProperty("current_step") String currentStep,
        @JsonProperty("progress_percent") double progressPercent,
        @JsonProperty("resumed_count") int resumedCount,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("steps") List<StepView> steps) {

    /** Copies the step list. */
    public CheckpointView {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /**
     * @param name a step name
     * @return that step, or {@code null} when the pipeline has no such step
     */
    public StepView step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The checkpoint of a job that failed for good: the step it was in (the current one) reads {@code failed}
     * with the reason, not {@code running} or {@code pending} as its last write left it.
     *
     * @param why why the job failed
     * @return the checkpoint as it should be shown for the failed job
     */
    public CheckpointView failedWith(String why) {
        if (currentStep == null) return this;
        List<StepView> marked = steps.stream()
                .map(s -> s.name().equals(currentStep) && !s.isDone() ? s.failed(why) : s)
                .toList();
        return new CheckpointView(currentStep, progressPercent, resumedCount, updatedAt, marked);
    }
}
