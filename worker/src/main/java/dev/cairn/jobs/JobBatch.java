package dev.cairn.jobs;

import dev.cairn.api.CairnException;
import dev.cairn.api.JobSubmission;

import java.util.List;
import java.util.Objects;

/**
 * Many submissions stored chunk by chunk, as {@code POST /api/jobs/batch} streams them: each chunk is
 * validated line by line (a bad submission does not stop the good ones) and its jobs are saved through
 * JobRunr's bulk path in one transaction. Idempotency keys hold as for single submissions, across chunks
 * and within one. Idle workers are woken once when the first jobs are stored and once when the batch is
 * closed, not once per job. One batch is fed by one request, which may store two chunks at once from two
 * threads as long as at most one of them holds idempotency keys (two chunks with keys could both insert one
 * key's job); {@link #close} comes after every chunk.
 */
public interface JobBatch extends AutoCloseable {

    /**
     * Validates and stores one chunk.
     *
     * @param chunk submissions in input order
     * @return one outcome per submission, in the same order
     */
    List<Outcome> submit(List<JobSubmission> chunk);

    /** Ends the batch: wakes idle workers for the jobs stored since the first signal. Never throws. */
    @Override
    void close();

    /**
     * What became of one submission: a job id, or the error a single {@code POST /api/jobs} of it would
     * have met.
     *
     * @param jobId   the job's id; {@code null} when refused
     * @param created false when an idempotency key matched an existing job (or an earlier line)
     * @param error   why it was refused; {@code null} when accepted
     */
    record Outcome(String jobId, boolean created, CairnException error) {

        /** @return an accepted submission */
        public static Outcome accepted(String jobId, boolean created) {
            return new Outcome(Objects.requireNonNull(jobId, "jobId"), created, null);
        }

        /** @return a refused submission */
        public static Outcome refused(CairnException error) {
            return new Outcome(null, false, Objects.requireNonNull(error, "error"));
        }

        /** @return whether a job id was given */
        public boolean accepted() {
            return error == null;
        }
    }
}
