package dev.cairn.jobs.internal;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import org.jobrunr.scheduling.JobBuilder;

import java.util.UUID;

import static org.jobrunr.scheduling.JobBuilder.aJob;

/**
 * A submission that passed validation, with the id it gets (derived from its idempotency key, if any)
 * and the JobRunr request it becomes.
 *
 * @param id         the job's id
 * @param submission what was submitted
 * @param name       the job's name in JobRunr's dashboard
 * @param request    what the job carries
 */
record PreparedJob(UUID id, JobSubmission submission, String name, PipelineJobRequest request) {

    /** @return whether it has an idempotency key, so its id may already exist */
    boolean keyed() {
        return submission.idempotencyKey() != null;
    }

    /** @return the job to create */
    JobBuilder builder() {
        return aJob().withId(id).withName(name).withJobRequest(request);
    }
}
