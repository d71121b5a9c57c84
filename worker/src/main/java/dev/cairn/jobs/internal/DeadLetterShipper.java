package dev.cairn.jobs.internal;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.StepView;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.ErrorSignature;
import dev.cairn.dlq.PayloadRedaction;
import dev.cairn.redis.RedisUnavailableException;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.Paging;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ships jobs that failed for good into the dead-letter queue. A job is shipped when JobRunr has saved
 * its final FAILED state (exhausted retries, a permanent error, or an orphan whose worker died). When
 * Redis is down at that moment the job simply stays FAILED in job storage and {@link #reconcile()}
 * ships it later: it walks the FAILED jobs within the retention and ships every failure the queue's
 * ledger has not seen, so running it twice, or on every worker, never adds a duplicate.
 */
public final class DeadLetterShipper {

    /** FAILED jobs read per page while reconciling. */
    static final int RECONCILE_PAGE = 200;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterShipper.class);

    private final DeadLetterQueue dlq;
    private final StorageProvider storage;
    private final CheckpointStore checkpoints;
    private final Duration retention;
    private final Optional<String> dashboardUrl;
    private final Clock clock;
    private final AtomicBoolean pending = new AtomicBoolean();

    /**
     * @param dlq          the queue; {@code null} when disabled ({@code CAIRN_DLQ_ENABLED=false})
     * @param storage      job storage, walked by {@link #reconcile()}
     * @param checkpoints  where the last completed step is read from
     * @param retention    failures older than this are not shipped any more
     * @param dashboardUrl the JobRunr dashboard's base URL, for the entries' links
     * @param clock        time source
     */
    public DeadLetterShipper(DeadLetterQueue dlq, StorageProvider storage, CheckpointStore checkpoints, Duration retention,
                             Optional<String> dashboardUrl, Clock clock) {
        this.dlq = dlq;
        this.storage = storage;
        this.checkpoints = checkpoints;
        this.retention = retention;
        this.dashboardUrl = dashboardUrl;
        this.clock = clock;
    }

    /** @return whether shipping is on */
    public boolean enabled() {
        return dlq != null;
    }

    /** @return whether a failure could not be shipped yet (Redis was down) and waits for {@link #reconcile()} */
    public boolean hasPending() {
        return pending.get();
    }

    /**
     * Ships a job whose FAILED state JobRunr just saved. Never throws: when Redis is down, the job stays
     * FAILED in job storage and is shipped by the next {@link #reconcile()}.
     *
     * @param job the failed job
     */
    void ship(Job job) {
        if (dlq == null) return;
        try {
            DeadLetterQueue.AddOutcome outcome = dlq.add(entryOf(job));
            LOG.info("Job {} is in the dead-letter queue ({})", job.getId(), outcome.name().toLowerCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            pending.set(true);
            LOG.warn("Job {} failed for good but could not be shipped to the dead-letter queue yet ({}); it stays FAILED in job storage and is shipped once Redis is back",
                    job.getId(), e.getMessage());
        }
    }

    /**
     * Reconciles once now (failures left over while Redis was down, by this or a dead worker) and then,
     * every {@code every}, while a failure is waiting to be shipped (the task {@code dlq-reconcile}).
     *
     * @param tasks the worker's scheduler
     * @param every how often to try again while Redis is down
     * @return stops the background reconciling
     */
    public AutoCloseable reconcileInBackground(PeriodicTasks tasks, Duration every) {
        if (dlq == null) return () -> { };
        pending.set(true);
        return tasks.schedule(PeriodicTask.every(every, "dlq-reconcile", "ship failed jobs that met a Redis outage to the DLQ", () -> {
            if (pending.get()) reconcile();
        }));
    }

    /**
     * Ships every FAILED job within the retention whose failure the queue has not seen.
     *
     * @return how many jobs were shipped
     * @throws dev.cairn.redis.RedisUnavailableException when Redis is still down
     */
    public int reconcile() {
        if (dlq == null) return 0;
        pending.set(false);
        Instant cutoff = clock.instant().minus(retention);
        int shipped = 0;
        long offset = 0;
        try {
            while (true) {
                List<Job> page = storage.getJobList(StateName.FAILED, Paging.OffsetBasedPage.descOnUpdatedAt(offset, RECONCILE_PAGE));
                if (page.isEmpty()) break;
                Map<String, Job> byId = new LinkedHashMap<>();
                Map<String, Instant> failures = new LinkedHashMap<>();
                for (Job job : page) {
                    Optional<FailedState> failed = new FailureHistory(job).lastFailure();
                    if (failed.isEmpty() || failed.get().getCreatedAt().isBefore(cutoff)) continue;
                    byId.put(job.getId().toString(), job);
                    failures.put(job.getId().toString(), failed.get().getCreatedAt());
                }
                Set<String> unshipped = dlq.unshipped(failures);
                for (String id : unshipped) {
                    if (dlq.add(entryOf(byId.get(id))) != DeadLetterQueue.AddOutcome.ALREADY_SHIPPED) shipped++;
                }
                if (page.size() < RECONCILE_PAGE || page.get(page.size() - 1).getUpdatedAt().isBefore(cutoff)) break;
                offset += page.size();
            }
        } catch (RuntimeException e) {
            pending.set(true);
            throw e;
        }
        if (shipped > 0) LOG.info("Reconciled the dead-letter queue: shipped {} failed job(s) that were not in it yet", shipped);
        return shipped;
    }

    /**
     * @param job a job in its final FAILED state
     * @return its dead-letter entry
     */
    DlqEntry entryOf(Job job) {
        FailureHistory history = new FailureHistory(job);
        FailedState last = history.lastFailure().orElseThrow(() -> new IllegalArgumentException("job " + job.getId() + " is not FAILED"));
        String id = job.getId().toString();
        PipelineJobRequest request = JobRequests.pipelineRequest(job);
        String type = request != null ? request.type() : job.getJobDetails().getClassName();
        Map<String, Object> payload = request != null ? PayloadRedaction.redact(request.payload()) : Map.of();
        String errorClass = last.getExceptionType() != null ? last.getExceptionType() : "unknown";
        String message = last.getExceptionMessage() != null ? last.getExceptionMessage() : last.getMessage();
        if (RetryPolicy.ORPHAN_EXCEPTION.equals(errorClass)) {
            // why: JobRunr's own words ("too long in PROCESSING state") do not tell ops what happened
            message = "poison job: the worker running it stopped " + (history.crashRecoveriesSinceRequeue() + 1)
                    + " time(s) while it ran (kill -9, out of memory, a lost machine) and CAIRN_JOB_MAX_CRASH_RECOVERIES is used up";
        } else if (RedisUnavailableException.class.getName().equals(errorClass)) {
            // why: a Redis outage is a wait, final only once CAIRN_JOB_MAX_REDIS_WAIT is used up; its own words say "the job waits"
            Duration waited = history.redisWaitSinceRequeue();
            String waitedText = waited.toMinutes() > 0 ? waited.toMinutes() + " min" : waited.toSeconds() + " s";
            message = "gave up waiting for Redis after " + waitedText + " of waits in total (CAIRN_JOB_MAX_REDIS_WAIT is used up): "
                    + (message == null ? "" : message.replace(RedisUnavailableException.MESSAGE_SUFFIX, ""));
        }
        return new DlqEntry(id, type, payload, errorClass, message, truncate(last.getStackTrace()),
                ErrorSignature.of(errorClass, message), Math.max(1, history.failures()),
                history.firstFailure().map(FailedState::getCreatedAt).orElse(last.getCreatedAt()), last.getCreatedAt(),
                lastCompletedStep(id), dashboardUrl.map(base -> base + "/dashboard/jobs/" + id).orElse(null),
                Boolean.TRUE.equals(job.getMetadata().get(RetryPolicy.PERMANENT_METADATA)));
    }

    private String lastCompletedStep(String jobId) {
        try {
            Optional<CheckpointView> view = checkpoints.read(jobId);
            if (view.isEmpty()) return null;
            String last = null;
            for (StepView step : view.get().steps()) {
                if (StepView.COMPLETED.equals(step.status())) last = step.name();
            }
            return last;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String truncate(String stackTrace) {
        if (stackTrace == null) return null;
        if (stackTrace.length() <= DlqEntry.MAX_STACK_TRACE_CHARS) return stackTrace;
        int cut = stackTrace.lastIndexOf('\n', DlqEntry.MAX_STACK_TRACE_CHARS);
        return stackTrace.substring(0, cut > 0 ? cut : DlqEntry.MAX_STACK_TRACE_CHARS) + "\n\t… (truncated)";
    }
}
