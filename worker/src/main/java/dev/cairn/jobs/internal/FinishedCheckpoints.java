package dev.cairn.jobs.internal;

import dev.cairn.api.CheckpointView;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the final step table of a job that just ran to completion from the job handler to the
 * {@link JobLifecycleFilter}, which stores it with the job in job storage when JobRunr records the
 * success (JobRunr clears a job's metadata on success, so it cannot be saved earlier).
 */
public final class FinishedCheckpoints {

    private final Map<UUID, CheckpointView> finished = new ConcurrentHashMap<>();

    void put(UUID jobId, CheckpointView view) {
        finished.put(jobId, view);
    }

    CheckpointView take(UUID jobId) {
        return finished.remove(jobId);
    }

    void discard(UUID jobId) {
        finished.remove(jobId);
    }
}
