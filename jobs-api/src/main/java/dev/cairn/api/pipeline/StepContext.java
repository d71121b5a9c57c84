package dev.cairn.api.pipeline;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running {@link Step} sees of its job, and how it records progress.
 *
 * <p>Every {@link #checkpoint(String, double)} is one write to the checkpoint store. It is also the
 * place where a step is told to stop: when the worker is draining for shutdown, or when this attempt
 * has been fenced off because the job was handed to another worker, the call throws after (or instead
 * of) saving, and the step must let the exception propagate.
 */
public interface StepContext {

    /** @return the job's id (JobRunr's job id) */
    String jobId();

    /** @return the name of the running step */
    String stepName();

    /** @return the job's payload */
    JobPayload payload();

    /**
     * @return the cursor this step saved before it was interrupted, empty on its first run or when
     * it saved none
     */
    Optional<String> cursor();

    /**
     * @return how many times this step has been started for this job, this run included (1 on the
     * first run)
     */
    int runs();

    /**
     * Saves where this step has got to, so an interrupted run resumes there.
     *
     * @param cursor       an opaque position, e.g. the next page to process; what {@link #cursor()}
     *                     returns after a restart
     * @param fractionDone how much of this step is done, 0.0–1.0, for the job's progress
     * @throws dev.cairn.api.RescheduleException when the checkpoint store is unreachable or the worker
     *                                           is draining (the job waits, keeping its progress)
     * @throws dev.cairn.api.CairnException      when this attempt was fenced off by a newer one
     */
    void checkpoint(String cursor, double fractionDone);

    /**
     * Records a result of this step for later steps, saved when the step completes. Small values
     * (up to a few kilobytes) live in the checkpoint; larger ones go to a file under the data dir and
     * the checkpoint keeps a reference, transparently.
     *
     * @param value the result, e.g. a small JSON document
     */
    void setOutput(String value);

    /**
     * @param stepName an earlier step of the same pipeline
     * @return that step's output, empty when it recorded none (or did not run)
     */
    Optional<String> output(String stepName);

    /**
     * Marks this step as skipped instead of completed (it is not run again either way).
     *
     * @param reason why, for the job's story
     */
    void skip(String reason);

    /** @return the directory for this job's results ({@code CAIRN_OUTPUT_DIR/<jobId>}), created */
    Path outputDir();

    /** @return a scratch directory for this job under the data dir, created; removed when the job succeeds */
    Path workDir();
}
