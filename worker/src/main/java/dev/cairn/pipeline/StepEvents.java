package dev.cairn.pipeline;

/**
 * What a pipeline run tells whoever shows a job's story to people (the JobRunr dashboard): one call per
 * step event and one per progress change. Implementations must be cheap and must never throw.
 */
public interface StepEvents {

    /** Shows nothing. */
    StepEvents NONE = new StepEvents() {
    };

    /**
     * @param step        the step the job resumes at
     * @param resumeCount how often this job has been resumed
     */
    default void jobResumed(String step, int resumeCount) {
    }

    /**
     * @param step   the step
     * @param run    how often it has been started, this time included
     * @param cursor where it resumes inside the step; {@code null} from the start
     */
    default void stepStarted(String step, int run, String cursor) {
    }

    /** @param step a step the checkpoint records as done, not run again */
    default void stepAlreadyDone(String step) {
    }

    /** @param step the step that just completed */
    default void stepCompleted(String step) {
    }

    /** @param step the step @param reason why it had nothing to do */
    default void stepSkipped(String step, String reason) {
    }

    /** @param step the step @param message why it failed */
    default void stepFailed(String step, String message) {
    }

    /** @param percent the job's progress, 0–100 */
    default void progress(double percent) {
    }
}
