package dev.cairn.jobs;

import dev.cairn.dlq.DlqService;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * Runs the recurring DLQ cleanup ({@code CAIRN_DLQ_CLEANUP_CRON}): retention first, then a reconcile
 * pass so a failure that could not be shipped while Redis was down reaches the queue even if the worker
 * that saw it is gone. Redis down makes it wait like any job, without spending a retry.
 */
public final class DlqCleanupJob implements JobRequestHandler<DlqCleanupJobRequest> {

    private final DlqService dlq;

    /** @param dlq the queue's operations */
    public DlqCleanupJob(DlqService dlq) {
        this.dlq = dlq;
    }

    @Override
    public void run(DlqCleanupJobRequest request) {
        dlq.cleanup();
    }
}
