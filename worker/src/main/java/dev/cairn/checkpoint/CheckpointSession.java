package dev.cairn.checkpoint;

import dev.cairn.api.CheckpointView;

import java.util.Optional;

/**
 * One attempt's handle on a job's checkpoint. It carries the attempt's fencing token: every write is
 * one Redis round trip that Redis rejects with {@link StaleAttemptException} once a newer attempt
 * began. It mirrors what it wrote, so reading the attempt's own state costs nothing.
 *
 * <p>Not thread-safe: one attempt runs on one thread.
 */
public interface CheckpointSession {

    /** @return the job's id */
    String jobId();

    /**
     * @return this attempt's fencing token, {@code <attempt number>-<random nonce>}: unique for the life of the
     * job, even when the checkpoint hash disappeared and its attempt count started again
     */
    String token();

    /** @return the checkpoint as this attempt knows it (as loaded, plus its own writes) */
    CheckpointView view();

    /** @return whether the step completed or was skipped, so it must not run again */
    boolean isDone(String step);

    /** @return the cursor the step saved before it was interrupted */
    Optional<String> cursor(String step);

    /** @return the raw output the step recorded when it finished */
    Optional<String> output(String step);

    /**
     * Records that a step starts (its {@code runs} grows by one).
     *
     * @return the step's runs, this one included
     */
    int startStep(String step);

    /**
     * Saves a cursor inside a running step.
     *
     * @param progressPercent overall job progress 0–100
     */
    void saveCursor(String step, String cursor, double progressPercent);

    /**
     * Marks a step completed or skipped; it is never run again while the checkpoint lives.
     *
     * @param skipped         {@code true} for skipped, {@code false} for completed
     * @param output          the step's output to keep, or {@code null}
     * @param progressPercent overall job progress 0–100
     * @param nextStep        the step that runs next, or {@code null} after the last
     */
    void finishStep(String step, boolean skipped, String output, double progressPercent, String nextStep);

    /**
     * {@link #finishStep} and {@link #startStep} of the next step in one write: what the runner does when
     * one step ends and the next begins, at the cost of one Redis round trip instead of two. The runner's
     * {@link #startStep} of the next step then answers without a write.
     *
     * @param nextStep the step that starts now; not done yet
     * @return the next step's runs, this one included
     */
    int finishAndStart(String step, boolean skipped, String output, double progressPercent, String nextStep);
}
