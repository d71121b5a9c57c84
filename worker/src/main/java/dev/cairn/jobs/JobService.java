package dev.cairn.jobs;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;

import java.util.Optional;

/**
 * Submitting and reading jobs: what the HTTP API and producers see of the job storage and the
 * checkpoints.
 */
public interface JobService {

    /**
     * Validates and enqueues a job.
     *
     * @param submission the job
     * @return its id, and whether this call created it (false when an idempotency key matched an existing job)
     * @throws UnknownJobTypeException                        when no pipeline has that name (HTTP 400)
     * @throws dev.cairn.api.pipeline.InvalidPayloadException when the payload is not valid (HTTP 400)
     * @throws IdempotencyConflictException                   when the key was used for a different payload (HTTP 409)
     */
    SubmitResult submit(JobSubmission submission);

    /**
     * Opens a batch of submissions stored chunk by chunk ({@code POST /api/jobs/batch}). This default
     * submits one by one, waking workers per job; the storage-backed service saves each chunk in one
     * transaction.
     *
     * @return a batch; close it when the last chunk is in
     */
    default JobBatch openBatch() {
        return new JobBatch() {
            @Override
            public java.util.List<Outcome> submit(java.util.List<JobSubmission> chunk) {
                java.util.List<Outcome> outcomes = new java.util.ArrayList<>(chunk.size());
                for (JobSubmission submission : chunk) {
                    try {
                        SubmitResult result = JobService.this.submit(submission);
                        outcomes.add(Outcome.accepted(result.jobId(), result.created()));
                    } catch (dev.cairn.api.CairnException e) {
                        outcomes.add(Outcome.refused(e));
                    }
                }
                return outcomes;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * @param jobId a job id (any string; a malformed one is simply not found)
     * @return the job with its checkpoint, empty when there is no such job
     */
    Optional<JobView> find(String jobId);

    /**
     * Lists jobs, most recently changed first ({@code GET /api/jobs}).
     *
     * @param query the filters and the page
     * @return a page of summaries
     * @throws dev.cairn.api.CairnException (retryable) when the job storage cannot be read
     */
    default JobList.Page list(JobList.Query query) {
        throw new UnsupportedOperationException("this job service cannot list jobs");
    }

    /**
     * @return how many jobs each state holds (JobRunr's job statistics), e.g. {@code ENQUEUED -> 12}, and for the
     * states a job waits or fails in, how the most recent of them split by type
     * @throws dev.cairn.api.CairnException (retryable) when the job storage cannot be read
     */
    default JobCounts counts() {
        throw new UnsupportedOperationException("this job service cannot count jobs");
    }

    /**
     * @param jobId   the job's id
     * @param created false when an earlier submission with the same idempotency key created it
     */
    record SubmitResult(String jobId, boolean created) {
    }

    /**
     * The service on JobRunr's storage and the checkpoint store.
     *
     * @param registry    the pipelines, for validation
     * @param storage     JobRunr's storage
     * @param scheduler   JobRunr's scheduler on that storage
     * @param checkpoints the checkpoints of unfinished jobs
     * @param outputDir   {@code CAIRN_OUTPUT_DIR}, for a succeeded job's {@code result}
     * @param json        the worker's JSON mapper
     * @param workSignal  wakes idle workers when a job is enqueued
     * @param meters      where the jobs it stores are counted ({@code cairn_jobs_enqueued_total})
     * @return the service
     */
    static JobService create(dev.cairn.pipeline.PipelineRegistry registry, org.jobrunr.storage.StorageProvider storage,
                             org.jobrunr.scheduling.JobRequestScheduler scheduler, dev.cairn.checkpoint.CheckpointStore checkpoints,
                             java.nio.file.Path outputDir, com.fasterxml.jackson.databind.ObjectMapper json,
                             dev.cairn.fleet.WorkSignal workSignal, io.micrometer.core.instrument.MeterRegistry meters) {
        return new dev.cairn.jobs.internal.StorageJobService(registry, storage, scheduler, checkpoints, outputDir, json, workSignal, meters);
    }
}
