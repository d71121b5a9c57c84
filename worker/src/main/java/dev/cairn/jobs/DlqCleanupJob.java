package dev.cairn.jobs;

import dev.cairn.dlq.DeadLetterQueue;
import org.jobrunr.jobs.lambdas.JobRequestHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the recurring DLQ cleanup: retention first, then a reconcile pass so a failure that could not be
 * shipped while Redis was down reaches the queue even if the worker that saw it is gone.
 */
public final class DlqCleanupJob implements JobRequestHandler<DlqCleanupJobRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(DlqCleanupJob.class);

    private final DeadLetterQueue dlq;
    private final DeadLetterShipper shipper;

    public DlqCleanupJob(DeadLetterQueue dlq, DeadLetterShipper shipper) {
        this.dlq = dlq;
        this.shipper = shipper;
    }

    @Override
    public void run(DlqCleanupJobRequest request) {
        long removed = dlq.cleanup();
        int shipped = shipper.reconcile();
        LOG.info("DLQ cleanup: removed {} entr{} past the retention, shipped {} failed job(s) that were missing", removed,
                removed == 1 ? "y" : "ies", shipped);
    }
}
