package dev.cairn.jobs;

import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.scheduling.RecurringJobBuilder;

import java.time.ZoneOffset;

/**
 * The recurring DLQ cleanup ({@code CAIRN_DLQ_CLEANUP_CRON}) as JobRunr stores it: removes entries past
 * {@code CAIRN_DLQ_RETENTION_DAYS} and reconciles failed jobs that never reached the queue.
 */
public record DlqCleanupJobRequest() implements JobRequest {

    /** The recurring job's id in the JobRunr dashboard. */
    public static final String RECURRING_JOB_ID = "cairn-dlq-cleanup";

    /** Attempts at saving the recurring job while other workers save it too. */
    static final int SAVE_ATTEMPTS = 5;

    /**
     * Saves (or updates) the recurring cleanup job. Workers started together on a fresh schema all insert
     * it at once and every one but the first used to exit on the duplicate key; a failed save is tried
     * again, when JobRunr finds the row the winner made and updates it instead.
     *
     * @param scheduler JobRunr's scheduler on the job storage
     * @param cron      {@code CAIRN_DLQ_CLEANUP_CRON}, in UTC
     * @throws RuntimeException what the last attempt threw, when every attempt failed
     */
    public static void schedule(JobRequestScheduler scheduler, String cron) {
        for (int attempt = 1; ; attempt++) {
            try {
                scheduler.createRecurrently(RecurringJobBuilder.aRecurringJob().withId(RECURRING_JOB_ID)
                        .withName("Cairn: DLQ retention cleanup").withCron(cron).withZoneId(ZoneOffset.UTC)
                        .withJobRequest(new DlqCleanupJobRequest()));
                return;
            } catch (RuntimeException e) {
                if (attempt == SAVE_ATTEMPTS) throw e;
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public Class<DlqCleanupJob> getJobRequestHandler() {
        return DlqCleanupJob.class;
    }
}
