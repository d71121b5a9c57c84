package dev.cairn.jobs.internal;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.AbstractJobState;
import org.jobrunr.jobs.states.EnqueuedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * Gives a job that is enqueued again its original place in JobRunr's queue.
 *
 * <p>JobRunr OSS takes ENQUEUED jobs oldest {@code updatedAt} first, and a job's {@code updatedAt} is the
 * creation time of its newest state. A job enqueued again after its worker went away would so wait
 * behind every job enqueued since it first was. Dating its new {@link EnqueuedState} at the job's own
 * creation time puts it back where it stood, ahead of the jobs that came after it. JobRunr reads an
 * ENQUEUED job's {@code updatedAt} for nothing else (its orphan and clean-up tasks look at PROCESSING,
 * SUCCEEDED and DELETED jobs); its dashboard shows that time as "enqueued at".
 *
 * <p>JobRunr has no way to enqueue with a given time ({@code Job.enqueue()} stamps now and
 * {@code Job.addJobState} is private), so the state's {@code createdAt} is set through its field, which
 * JobRunr's own JSON mappers write too. Should a JobRunr upgrade rename it, nothing breaks: the job is
 * queued at the back again, and a warning says so once.
 */
public final class QueuePosition {

    private static final Logger LOG = LoggerFactory.getLogger(QueuePosition.class);
    private static final VarHandle CREATED_AT = createdAtField();

    private QueuePosition() {
    }

    /**
     * @param job a job whose last state is the {@link EnqueuedState} just added
     * @return whether its enqueued state is now dated at the job's creation time
     */
    public static boolean restoreOriginal(Job job) {
        if (CREATED_AT == null || !(job.getJobState() instanceof EnqueuedState enqueued)) return false;
        Instant original = job.getCreatedAt();
        // why: only ever earlier; the job's first state may have been stamped by a machine whose clock runs ahead
        if (!original.isBefore(enqueued.getCreatedAt())) return false;
        CREATED_AT.setVolatile((AbstractJobState) enqueued, original);
        return true;
    }

    private static VarHandle createdAtField() {
        try {
            return MethodHandles.privateLookupIn(AbstractJobState.class, MethodHandles.lookup())
                    .findVarHandle(AbstractJobState.class, "createdAt", Instant.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Jobs resumed after their worker went away queue behind newer jobs: JobRunr's state time cannot be set ({})",
                    e.toString());
            return null;
        }
    }
}
