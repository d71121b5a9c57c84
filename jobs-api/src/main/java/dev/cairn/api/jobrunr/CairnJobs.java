package dev.cairn.api.jobrunr;

import dev.cairn.api.JobSubmission;
import org.jobrunr.scheduling.JobRequestScheduler;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.jobrunr.scheduling.JobBuilder.aJob;

/**
 * Enqueues Cairn jobs straight into a JobRunr storage that Cairn workers share, for Java producers
 * that do not want to go through the worker's HTTP API.
 *
 * <pre>{@code
 * // once, at start-up: the same database the workers use (CAIRN_DATABASE_URL)
 * StorageProvider storage = SqlStorageProviderFactory.using(dataSource);
 * JobRequestScheduler scheduler = new JobRequestScheduler(storage);
 *
 * UUID id = CairnJobs.enqueue(scheduler, JobSubmission.pdf("report.pdf", false));
 * }</pre>
 *
 * <p>The file of a {@code pdf-processing} job must already be in the workers' input dir. Jobs
 * enqueued this way are validated when a worker starts them: an invalid payload fails the job at once
 * with a readable reason instead of a 400.
 */
public final class CairnJobs {

    private CairnJobs() {
    }

    /**
     * Enqueues a job. With an idempotency key, enqueuing the same type and key again is a no-op that
     * returns the same id.
     *
     * @param scheduler  a JobRunr scheduler on the workers' storage
     * @param submission the job
     * @return the job's id
     */
    public static UUID enqueue(JobRequestScheduler scheduler, JobSubmission submission) {
        UUID id = idFor(submission);
        scheduler.create(aJob()
                .withId(id)
                .withName(submission.type())
                .withJobRequest(new PipelineJobRequest(submission.type(), submission.payload())));
        return id;
    }

    /**
     * The id a submission gets: derived from type and idempotency key when a key is given (so a
     * repeat maps to the same job), random otherwise.
     *
     * @param submission the job
     * @return its id
     */
    public static UUID idFor(JobSubmission submission) {
        if (submission.idempotencyKey() == null) return UUID.randomUUID();
        String name = "cairn:" + submission.type() + ":" + submission.idempotencyKey();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
