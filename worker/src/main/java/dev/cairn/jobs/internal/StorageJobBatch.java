package dev.cairn.jobs.internal;

import dev.cairn.api.CairnException;
import dev.cairn.api.JobSubmission;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.jobs.JobBatch;
import dev.cairn.jobs.JobService;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link JobBatch} on JobRunr's storage: a chunk's valid submissions are created with
 * {@link JobRequestScheduler#create(java.util.stream.Stream)}, JobRunr's bulk path (its job filters run,
 * one multi-row insert in one transaction).
 *
 * <p>Idempotency keys without a look-up per line: the chunk is inserted optimistically. An insert that
 * meets an existing id fails whole (the transaction rolls back), and only then are the keyed lines looked
 * up one by one, answered as duplicates or conflicts, and the rest inserted again. Within a chunk, a
 * repeated key is answered from its first line, never inserted twice. After the storage failed, the rest
 * of the batch is refused at once (each line says so), rather than every chunk waiting for its own
 * connection timeout; the client sends those lines again.
 */
final class StorageJobBatch implements JobBatch {

    private static final Logger LOG = LoggerFactory.getLogger(StorageJobBatch.class);

    private final StorageJobService service;
    private final JobRequestScheduler scheduler;
    private final WorkSignal workSignal;
    private final EnqueuedJobs enqueued;
    // why volatile and atomic: two chunks of one request may be stored at once (JobBatch)
    private volatile CairnException unavailable;
    private final AtomicBoolean signalled = new AtomicBoolean();
    private volatile boolean createdSinceSignal;

    StorageJobBatch(StorageJobService service, JobRequestScheduler scheduler, WorkSignal workSignal, EnqueuedJobs enqueued) {
        this.service = service;
        this.scheduler = scheduler;
        this.workSignal = workSignal;
        this.enqueued = enqueued;
    }

    @Override
    public List<Outcome> submit(List<JobSubmission> chunk) {
        Outcome[] outcomes = new Outcome[chunk.size()];
        List<Integer> toStore = new ArrayList<>();
        PreparedJob[] prepared = new PreparedJob[chunk.size()];
        // why: a key repeated within the chunk is answered from its first line, never inserted twice
        Map<UUID, Integer> firstWithId = new HashMap<>();
        int[] repeats = new int[chunk.size()];
        Arrays.fill(repeats, -1);
        for (int i = 0; i < chunk.size(); i++) {
            if (unavailable != null) {
                outcomes[i] = Outcome.refused(unavailable);
                continue;
            }
            try {
                prepared[i] = service.prepare(chunk.get(i));
            } catch (CairnException e) {
                outcomes[i] = Outcome.refused(e);
                continue;
            }
            Integer first = prepared[i].keyed() ? firstWithId.putIfAbsent(prepared[i].id(), i) : null;
            if (first != null) {
                repeats[i] = first;
            } else {
                toStore.add(i);
            }
        }
        store(toStore, prepared, outcomes);
        for (int i = 0; i < chunk.size(); i++) {
            if (repeats[i] >= 0) outcomes[i] = repeatOf(outcomes[repeats[i]], prepared[repeats[i]], prepared[i]);
        }
        return List.of(outcomes);
    }

    private void store(List<Integer> indexes, PreparedJob[] prepared, Outcome[] outcomes) {
        if (indexes.isEmpty()) return;
        try {
            insert(indexes, prepared, outcomes);
            return;
        } catch (RuntimeException e) {
            boolean anyKeyed = indexes.stream().anyMatch(i -> prepared[i].keyed());
            if (!anyKeyed) {
                refuseAll(indexes, outcomes, e);
                return;
            }
            LOG.debug("A batch chunk with idempotency keys could not be inserted at once ({}); looking the keys up", e.getMessage());
        }
        List<Integer> fresh = new ArrayList<>();
        try {
            for (int i : indexes) {
                try {
                    Optional<JobService.SubmitResult> duplicate = service.duplicateOf(prepared[i]);
                    if (duplicate.isPresent()) {
                        outcomes[i] = Outcome.accepted(duplicate.get().jobId(), false);
                    } else {
                        fresh.add(i);
                    }
                } catch (CairnException conflict) {
                    outcomes[i] = Outcome.refused(conflict);
                }
            }
            insert(fresh, prepared, outcomes);
        } catch (RuntimeException e) {
            refuseAll(indexes.stream().filter(i -> outcomes[i] == null).toList(), outcomes, e);
        }
    }

    private void insert(List<Integer> indexes, PreparedJob[] prepared, Outcome[] outcomes) {
        if (indexes.isEmpty()) return;
        scheduler.create(indexes.stream().map(i -> prepared[i].builder()));
        for (int i : indexes) {
            outcomes[i] = Outcome.accepted(prepared[i].id().toString(), true);
            enqueued.count(prepared[i]);
        }
        if (signalled.compareAndSet(false, true)) {
            // why: the first stored chunk wakes the fleet at once; later ones are found by workers that finish jobs
            workSignal.jobsReady();
        } else {
            createdSinceSignal = true;
        }
    }

    private void refuseAll(List<Integer> indexes, Outcome[] outcomes, RuntimeException e) {
        unavailable = e instanceof CairnException c && c.isRetryable() ? c : StorageJobService.storageUnavailable(e);
        LOG.warn("A batch stopped storing jobs: {}; its remaining lines are refused", unavailable.getMessage());
        for (int i : indexes) outcomes[i] = Outcome.refused(unavailable);
    }

    private Outcome repeatOf(Outcome first, PreparedJob original, PreparedJob again) {
        if (!first.accepted()) return first;
        try {
            service.requireSameRequest(original.submission(), again.submission(), again.id());
            return Outcome.accepted(first.jobId(), false);
        } catch (CairnException conflict) {
            return Outcome.refused(conflict);
        }
    }

    @Override
    public void close() {
        if (createdSinceSignal) workSignal.jobsReady();
        createdSinceSignal = false;
    }
}
