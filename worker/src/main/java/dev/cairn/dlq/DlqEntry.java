package dev.cairn.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One job in the dead-letter queue, as {@code GET /api/dlq/{job_id}} shows it (docs/design.md "Dead-letter queue").
 *
 * @param jobId             the JobRunr job id; a retry re-enqueues this same id
 * @param type              the pipeline, e.g. {@code pdf-processing}
 * @param payload           the job's payload with secrets redacted
 * @param errorClass        the exception class of the last failure
 * @param errorMessage      its message
 * @param stackTrace        its stack trace, truncated
 * @param signature         the error class and the normalised message: failures that share it share a cause
 * @param attempts          how many attempts ended in a failure (waits and shutdowns are not attempts)
 * @param firstFailedAt     the first failure of the job
 * @param lastFailedAt      the failure that sent it here
 * @param lastCompletedStep the last step its checkpoint records as completed; {@code null} when none
 * @param dashboardUrl      the job in the JobRunr dashboard
 * @param permanent         whether the failure was permanent (bad input, a refused payload): a retry runs into the same error
 *                          unless the input changed, so `cairn dlq retry` asks for --force
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DlqEntry(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("type") String type,
        @JsonProperty("payload") Map<String, Object> payload,
        @JsonProperty("error_class") String errorClass,
        @JsonProperty("error_message") String errorMessage,
        @JsonProperty("stack_trace") String stackTrace,
        @JsonProperty("signature") String signature,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("first_failed_at") Instant firstFailedAt,
        @JsonProperty("last_failed_at") Instant lastFailedAt,
        @JsonProperty("last_completed_step") String lastCompletedStep,
        @JsonProperty("dashboard_url") String dashboardUrl,
        @JsonProperty("permanent") boolean permanent) {

    /** An entry whose failure was not known to be permanent (retries used up, a poison job, a Redis wait given up). */
    public DlqEntry(String jobId, String type, Map<String, Object> payload, String errorClass, String errorMessage, String stackTrace,
                    String signature, int attempts, Instant firstFailedAt, Instant lastFailedAt, String lastCompletedStep, String dashboardUrl) {
        this(jobId, type, payload, errorClass, errorMessage, stackTrace, signature, attempts, firstFailedAt, lastFailedAt,
                lastCompletedStep, dashboardUrl, false);
    }

    /** Longest stack trace an entry keeps (longer ones are cut at a line end and marked truncated). */
    public static final int MAX_STACK_TRACE_CHARS = 4_000;

    /** Checks the fields the queue indexes on. */
    public DlqEntry {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(lastFailedAt, "lastFailedAt");
        payload = payload == null ? Map.of() : new LinkedHashMap<>(payload);
        errorMessage = errorMessage == null ? "" : errorMessage;
        // why: the queue orders and matches entries by millisecond; more precision would only differ from it
        lastFailedAt = lastFailedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        firstFailedAt = firstFailedAt == null ? lastFailedAt : firstFailedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
