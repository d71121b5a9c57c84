package dev.cairn.api.pipeline;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A job type as a sequence of named {@link Step}s, run in order with a checkpoint after each.
 *
 * <p>Build one with {@link #of(String, List)} or implement it to add payload validation.
 */
public interface Pipeline {

    /** @return the job type this pipeline runs, e.g. {@code pdf-processing} */
    String name();

    /** @return the steps, in the order they run; names are unique */
    List<Step> steps();

    /**
     * Checks a payload before the job is enqueued (and again when it starts).
     *
     * @param payload the payload to check
     * @throws InvalidPayloadException naming the field and the problem
     */
    default void validate(JobPayload payload) {
    }

    /**
     * A short human label for a job, shown in the JobRunr dashboard.
     *
     * @param payload the job's payload
     * @return e.g. {@code "pdf-processing report.pdf"}
     */
    default String describe(JobPayload payload) {
        return name();
    }

    /**
     * @param name  the job type
     * @param steps the steps, names unique
     * @return a pipeline without payload validation
     */
    static Pipeline of(String name, List<Step> steps) {
        Objects.requireNonNull(name, "name");
        List<Step> copy = List.copyOf(steps);
        requireUniqueNames(name, copy);
        return new Pipeline() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Step> steps() {
                return copy;
            }
        };
    }

    /**
     * @param pipeline the pipeline's name, for the message
     * @param steps    the steps to check
     * @throws IllegalArgumentException when two steps share a name or there are none
     */
    static void requireUniqueNames(String pipeline, List<Step> steps) {
        if (steps.isEmpty()) throw new IllegalArgumentException("pipeline '" + pipeline + "' has no steps");
        Set<String> seen = new HashSet<>();
        for (Step step : steps) {
            if (!seen.add(step.name())) {
                throw new IllegalArgumentException("pipeline '" + pipeline + "' has two steps named '" + step.name() + "'");
            }
        }
    }
}
