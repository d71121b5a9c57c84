package dev.cairn.jobs.internal;

import dev.cairn.api.CairnException;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.StepView;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.DlqSettings;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqHealth;
import dev.cairn.dlq.DlqPage;
import dev.cairn.dlq.DlqQuery;
import dev.cairn.dlq.DlqService;
import dev.cairn.dlq.NotInDlqException;
import dev.cairn.dlq.RemovalReason;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.JobNotFoundException;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The dead-letter queue's operations on a worker: entries in Redis, jobs in JobRunr's storage. A retry
 * re-enqueues the same JobRunr job, so its checkpoint (keyed by job id) makes it skip finished steps.
 * Bulk retries run on one background thread behind a token bucket.
 */
public final class StorageDlqService implements DlqService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageDlqService.class);

    private final DeadLetterQueue dlq;
    private final DeadLetterShipper shipper;
    private final StorageProvider storage;
    private final CheckpointStore checkpoints;
    private final DlqSettings settings;
    private final WorkSignal workSignal;
    private final Clock clock;
    private final PipelineRunner files;
    private final ExecutorService bulk = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cairn-dlq-bulk-retry");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param dlq         the queue
     * @param shipper     reconciles failed jobs that never reached the queue, on every cleanup
     * @param storage     JobRunr's job storage, where retried jobs are re-enqueued
     * @param checkpoints tells whether a retry resumes
     * @param settings    thresholds for the health report
     * @param workSignal  wakes idle workers when a job is re-enqueued
     * @param clock       time source
     */
    public StorageDlqService(DeadLetterQueue dlq, DeadLetterShipper shipper, StorageProvider storage, CheckpointStore checkpoints,
                             DlqSettings settings, WorkSignal workSignal, Clock clock) {
        this(dlq, shipper, storage, checkpoints, settings, workSignal, clock, null);
    }

    /**
     * @param files removes a dead job's spilled step outputs and scratch files (in this worker's data dir) when
     *              its entry is removed or expires; {@code null} to keep them
     */
    public StorageDlqService(DeadLetterQueue dlq, DeadLetterShipper shipper, StorageProvider storage, CheckpointStore checkpoints,
                             DlqSettings settings, WorkSignal workSignal, Clock clock, PipelineRunner files) {
        this.files = files;
        this.dlq = dlq;
        this.shipper = shipper;
        this.storage = storage;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.workSignal = workSignal;
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<DlqEntry> find(String jobId) {
        return dlq.find(jobId);
    }

    @Override
    public DlqPage list(DlqQuery query) {
        return dlq.list(query);
    }

    @Override
    public long export(DlqQuery query, Consumer<DlqEntry> sink) {
        return dlq.export(query, sink);
    }

    @Override
    public RetryResult retry(String jobId) {
        DlqEntry entry = dlq.find(jobId).orElseThrow(() -> new NotInDlqException(jobId));
        return retry(entry);
    }

    private RetryResult retry(DlqEntry entry) {
        String jobId = entry.jobId();
        Job job = failedJob(entry);
        Optional<CheckpointView> checkpoint = checkpoints.read(jobId);
        try {
            job.enqueue();
            storage.save(job);
        } catch (RuntimeException e) {
            throw CairnException.retryable("could not re-enqueue job " + jobId + " in job storage: " + e.getMessage(), e);
        }
        workSignal.jobsReady();
        // why: after the save, and only if it is still this failure: a job that already failed again keeps its new entry
        dlq.remove(entry, RemovalReason.RETRIED);
        String from = checkpoint.flatMap(StorageDlqService::firstUnfinishedStep).orElse(null);
        String message;
        if (checkpoint.isEmpty()) {
            message = "job " + jobId + " is re-enqueued, but its checkpoint expired (CAIRN_TASK_CHECKPOINT_TTL) or never existed: it starts over from its first step";
        } else if (from != null && from.equals(checkpoint.get().steps().get(0).name())) {
            message = "job " + jobId + " is re-enqueued; no step had completed, so it runs from its first step '" + from + "'";
        } else if (from == null) {
            message = "job " + jobId + " is re-enqueued; its checkpoint records every step as done";
        } else {
            message = "job " + jobId + " is re-enqueued and resumes from its checkpoint at step '" + from + "'";
        }
        LOG.info("DLQ retry: {}", message);
        return new RetryResult(jobId, checkpoint.isPresent(), from, message);
    }

    private Job failedJob(DlqEntry entry) {
        String jobId = entry.jobId();
        Job job;
        try {
            job = storage.getJobById(UUID.fromString(jobId));
        } catch (JobNotFoundException | IllegalArgumentException e) {
            throw CairnException.permanent("job " + jobId + " no longer exists in job storage (deleted in the JobRunr dashboard?), so it cannot be retried; remove its entry");
        } catch (RuntimeException e) {
            throw CairnException.retryable("job storage is unavailable: " + e.getMessage(), e);
        }
        if (job.getState() != StateName.FAILED) {
            // why: re-enqueued some other way (JobRunr dashboard) or deleted there: the entry is stale
            dlq.remove(entry, RemovalReason.REMOVED);
            throw CairnException.permanent("job " + jobId + " is " + job.getState() + ", not FAILED, so there is nothing to retry; its stale entry was removed");
        }
        return job;
    }

    private static Optional<String> firstUnfinishedStep(CheckpointView view) {
        return view.steps().stream().filter(s -> !s.isDone()).map(StepView::name).findFirst();
    }

    @Override
    public BulkRetryResult retryMatching(Optional<String> type, Optional<String> signature, double perSecond) {
        if (type.filter(t -> !t.isBlank()).isEmpty() && signature.filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("a bulk retry needs a type or a signature (retry a single job by its id)");
        }
        if (!(perSecond > 0) || perSecond > MAX_RETRY_RATE) {
            throw new IllegalArgumentException("rate must be a number of retries per second above 0 and at most " + (int) MAX_RETRY_RATE + ", got " + perSecond);
        }
        DlqQuery query = new DlqQuery(type, Optional.empty(), signature, Optional.empty(), Optional.empty(), DlqQuery.MAX_LIMIT, Optional.empty());
        List<DlqEntry> matched = new ArrayList<>();
        dlq.export(query, matched::add);
        Collections.reverse(matched); // why: oldest failure first, as they arrived
        Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofNanos((long) (1e9 / perSecond))).build())
                .build();
        bulk.submit(() -> retryAll(matched, bucket, perSecond));
        return new BulkRetryResult(matched.size(), perSecond, matched.stream().map(DlqEntry::jobId).toList());
    }

    private void retryAll(List<DlqEntry> entries, Bucket bucket, double perSecond) {
        LOG.info("DLQ bulk retry: {} job(s) at {}/s", entries.size(), perSecond);
        int done = 0;
        for (DlqEntry entry : entries) {
            try {
                bucket.asBlocking().consume(1);
                retry(entry);
                done++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.info("DLQ bulk retry stopped by shutdown after {} of {} job(s); the rest stay in the queue", done, entries.size());
                return;
            } catch (RuntimeException e) {
                LOG.warn("DLQ bulk retry skipped job {}: {}", entry.jobId(), e.getMessage());
            }
        }
        LOG.info("DLQ bulk retry finished: {} of {} job(s) re-enqueued", done, entries.size());
    }

    @Override
    public boolean remove(String jobId) {
        boolean removed = dlq.remove(jobId, RemovalReason.REMOVED);
        if (removed) forget(jobId);
        return removed;
    }

    /**
     * A dead job given up on (its entry removed, or past the retention): its spilled step outputs and scratch
     * files go, and its checkpoint with them, which points at those files (a later requeue from the JobRunr
     * dashboard starts it over instead of failing on a missing output).
     */
    private void forget(String jobId) {
        if (files == null) return;
        files.cleanUp(jobId);
        try {
            checkpoints.delete(jobId);
        } catch (RuntimeException e) {
            LOG.debug("Could not delete the checkpoint of removed job {} (it expires with its TTL): {}", jobId, e.getMessage());
        }
    }

    /**
     * Removes the files of jobs that will not run again: gone from job storage, SUCCEEDED or DELETED (a worker
     * that did not run the job's last attempt kept them), or FAILED, out of the queue and past the retention.
     *
     * @return how many jobs' files were removed
     */
    private int sweepFiles() {
        if (files == null) return 0;
        Instant cutoff = clock.instant().minus(Duration.ofDays(settings.retentionDays()));
        int swept = 0;
        for (String id : files.jobsWithFiles()) {
            Job job;
            try {
                job = storage.getJobById(UUID.fromString(id));
            } catch (JobNotFoundException | IllegalArgumentException e) {
                job = null;
            }
            boolean dead = job == null || job.getState() == StateName.SUCCEEDED || job.getState() == StateName.DELETED
                    || (job.getState() == StateName.FAILED && job.getUpdatedAt().isBefore(cutoff) && dlq.find(id).isEmpty());
            if (!dead) continue;
            forget(id);
            swept++;
        }
        return swept;
    }

    /** Retention first, then a reconcile pass, so on-demand and scheduled cleanups leave the queue complete. */
    @Override
    public long cleanup() {
        long removed = dlq.cleanup();
        int shipped = shipper.reconcile();
        int swept = sweepFiles();
        LOG.info("DLQ cleanup: removed {} entr{} past the retention, shipped {} failed job(s) that were missing, removed the files of {} dead job(s)",
                removed, removed == 1 ? "y" : "ies", shipped, swept);
        return removed;
    }

    @Override
    public DlqHealth health() {
        return DlqHealth.assess(dlq.stats(), settings, clock.instant());
    }

    @Override
    public void close() {
        bulk.shutdownNow();
    }
}
