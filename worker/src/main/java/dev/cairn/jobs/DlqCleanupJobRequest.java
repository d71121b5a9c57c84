package dev.cairn.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * The recurring DLQ cleanup ({@code CAIRN_DLQ_CLEANUP_CRON}) as JobRunr stores it: removes entries past
 * {@code CAIRN_DLQ_RETENTION_DAYS} and reconciles failed jobs that never reached the queue.
 */
public record DlqCleanupJobRequest() implements JobRequest {

    /** The recurring job's id in the JobRunr dashboard. */
    public static final String RECURRING_JOB_ID = "cairn-dlq-cleanup";

    @Override
    public Class<DlqCleanupJob> getJobRequestHandler() {
        return DlqCleanupJob.class;
    }
}
