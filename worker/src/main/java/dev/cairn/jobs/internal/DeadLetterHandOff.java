package dev.cairn.jobs.internal;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;

/**
 * Hands a job to the DLQ when its FAILED state is final. The election marks the failure it chose as final
 * (metadata {@value #FINAL_FAILURE_METADATA}: the FAILED state's creation time), and only that failure is
 * shipped once JobRunr has applied it: JobRunr may apply a FAILED state before the election ran (its
 * steward saves the same Job object from another thread), and a failure that was turned into a retry or
 * a wait must never reach the DLQ.
 */
final class DeadLetterHandOff {

    /** Job metadata key naming the failure elected as final (its FAILED state's creation time, epoch ms). */
    static final String FINAL_FAILURE_METADATA = "cairn.finalFailure";

    private final DeadLetterShipper shipper;

    DeadLetterHandOff(DeadLetterShipper shipper) {
        this.shipper = shipper;
    }

    /** After the failure election: nothing was scheduled, so this failure is final. */
    void markIfFinal(Job job, FailedState failed) {
        if (job.getJobState() == failed) job.getMetadata().put(FINAL_FAILURE_METADATA, failed.getCreatedAt().toEpochMilli());
    }

    /** JobRunr applied a FAILED state: ship it when it is the one elected as final. */
    void shipIfFinal(Job job) {
        if (electedFinal(job)) shipper.ship(job);
    }

    private static boolean electedFinal(Job job) {
        return job.getJobState() instanceof FailedState failed
                && Long.valueOf(failed.getCreatedAt().toEpochMilli()).equals(asLong(job.getMetadata().get(FINAL_FAILURE_METADATA)));
    }

    private static Long asLong(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
