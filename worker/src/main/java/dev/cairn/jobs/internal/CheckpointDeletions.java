package dev.cairn.jobs.internal;

import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Redis checkpoints of succeeded jobs, deleted in batches rather than one round trip per job: a busy
 * worker finishes hundreds of jobs a second, and a DEL each was one of its eight Redis round trips per job.
 * A batch goes when {@value #BATCH} are queued, and at the latest {@link #EVERY} after the first (the task
 * {@value #TASK}); what is queued at shutdown goes on close.
 *
 * <p>Nothing depends on the deletion but Redis' memory: the step table is kept with the job already, a
 * checkpoint whose delete never ran (a crash, Redis down) expires with its TTL, and a new job that comes back
 * with the same id (its idempotency key submitted again) while the key waits tells it from its own by the
 * job's creation time, which the checkpoint records ({@code checkpoint-begin.lua}), and starts afresh.
 */
final class CheckpointDeletions implements AutoCloseable {

    /** Deletions sent together once this many are queued. */
    static final int BATCH = 64;
    /** Longest a succeeded job's checkpoint waits for its batch. */
    static final Duration EVERY = Duration.ofMillis(200);
    /** The periodic task's name. */
    static final String TASK = "checkpoint-cleanup";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointDeletions.class);

    private final CheckpointStore store;
    private final ConcurrentLinkedQueue<String> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private volatile boolean batching;

    CheckpointDeletions(CheckpointStore store) {
        this.store = store;
    }

    /**
     * Sends what is queued every {@link #EVERY}.
     *
     * @return stops it (what is queued then goes on {@link #close})
     */
    AutoCloseable start(PeriodicTasks tasks) {
        AutoCloseable task = tasks.schedule(PeriodicTask.every(EVERY, TASK, "delete the Redis checkpoints of succeeded jobs", this::flush));
        batching = true;
        return () -> {
            batching = false;
            task.close();
            close();
        };
    }

    /**
     * Queues a succeeded job's checkpoint for deletion (the job thread that fills a batch sends it), or,
     * while no task sends batches (not started, or stopped), deletes it at once.
     *
     * @throws RuntimeException when deleting at once failed
     */
    void add(String jobId) {
        if (!batching) {
            store.delete(jobId);
            return;
        }
        queued.add(jobId);
        if (size.incrementAndGet() >= BATCH) flushQuietly();
    }

    /** Sends every queued deletion, in batches of {@link #BATCH}. */
    void flush() {
        for (List<String> batch = take(); !batch.isEmpty(); batch = take()) {
            store.deleteAll(batch);
        }
    }

    private List<String> take() {
        List<String> batch = new ArrayList<>(BATCH);
        for (String id; batch.size() < BATCH && (id = queued.poll()) != null; ) {
            batch.add(id);
            size.decrementAndGet();
        }
        return batch;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // why: the job already succeeded and its step table is kept; the keys expire with their TTL
            LOG.debug("Could not delete a batch of succeeded jobs' checkpoints: {}", e.getMessage());
        }
    }

    /** Sends what is still queued. */
    @Override
    public void close() {
        flushQuietly();
    }
}
