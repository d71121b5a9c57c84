package dev.cairn.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What operators do with the dead-letter queue (the {@code /api/dlq} endpoints and {@code cairn dlq}).
 * When the queue is disabled ({@code CAIRN_DLQ_ENABLED=false}) every method but {@link #health()} throws
 * {@link DlqDisabledException}; when Redis is down they throw {@link dev.cairn.redis.RedisUnavailableException}.
 */
public interface DlqService {

    /** Most re-enqueues per second a bulk retry may ask for: beyond it the throttle protects nothing. */
    double MAX_RETRY_RATE = 1_000;

    /** @return whether the queue is enabled */
    boolean enabled();

    /** @param jobId a job id @return its entry, if queued */
    Optional<DlqEntry> find(String jobId);

    /** @param query filters and page @return one page, newest first */
    DlqPage list(DlqQuery query);

    /** @param query filters @param sink receives each entry @return how many */
    long export(DlqQuery query, Consumer<DlqEntry> sink);

    /**
     * Re-enqueues the same job id; it resumes from its checkpoint if that still exists. The entry leaves
     * the queue and comes back if the job fails again.
     *
     * @param jobId a queued job
     * @return what the retry will do
     * @throws NotInDlqException when the job is not in the queue
     */
    RetryResult retry(String jobId);

    /**
     * Re-enqueues every queued job of a type and/or error signature, at most {@code perSecond} per
     * second, in the background (so a recovered provider is not stampeded).
     *
     * @param type      only this type; empty for any
     * @param signature only this signature; empty for any
     * @param perSecond re-enqueues per second
     * @return which jobs will be retried
     * @throws IllegalArgumentException when neither filter is given or the rate is not positive
     */
    BulkRetryResult retryMatching(Optional<String> type, Optional<String> signature, double perSecond);

    /** @param jobId a job id @return whether it was queued (and is now removed) */
    boolean remove(String jobId);

    /** @return how many entries past the retention were removed */
    long cleanup();

    /** @return the {@code GET /health/dlq} report */
    DlqHealth health();

    /**
     * @param clock timestamps of the health report
     * @return the service of a worker started with {@code CAIRN_DLQ_ENABLED=false}
     */
    static DlqService disabled(java.time.Clock clock) {
        return new dev.cairn.dlq.internal.DisabledDlqService(clock);
    }

    /**
     * The outcome of retrying one entry.
     *
     * @param jobId           the job id, unchanged
     * @param resumed         whether a checkpoint exists, so finished steps are skipped
     * @param resumesFromStep the first step that will run; {@code null} when the job starts over
     * @param message         a sentence for humans (says so when the checkpoint expired)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RetryResult(@JsonProperty("job_id") String jobId, @JsonProperty("resumed") boolean resumed,
                       @JsonProperty("resumes_from_step") String resumesFromStep, @JsonProperty("message") String message) {
    }

    /**
     * The outcome of a bulk retry.
     *
     * @param matched   how many queued jobs matched
     * @param perSecond the re-enqueue rate
     * @param jobIds    the matched jobs, in the order they will be re-enqueued (oldest failure first)
     */
    record BulkRetryResult(@JsonProperty("matched") int matched, @JsonProperty("rate") double perSecond,
                           @JsonProperty("job_ids") List<String> jobIds) {
        /** Copies the ids. */
        public BulkRetryResult {
            jobIds = List.copyOf(jobIds);
        }
    }
}
