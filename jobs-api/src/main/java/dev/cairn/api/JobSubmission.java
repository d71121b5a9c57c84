package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to run a job, as {@code POST /api/jobs} takes it:
 * {@code {"type": "pdf-processing", "payload": {...}, "idempotency_key": "..."}}.
 *
 * @param type           the pipeline to run, e.g. {@link JobTypes#PDF_PROCESSING}
 * @param payload        the pipeline's input; validated by the worker
 * @param idempotencyKey optional: submitting the same type and key again returns the same job id
 *                       instead of creating a second job
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSubmission(
        @JsonProperty("type") String type,
        @JsonProperty("payload") Map<String, Object> payload,
        @JsonProperty("idempotency_key") String idempotencyKey) {

    /** Longest idempotency key a worker accepts. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    /** Validates that a type is given and copies the payload. */
    public JobSubmission {
        Objects.requireNonNull(type, "type");
        payload = payload == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /**
     * A {@code pdf-processing} job.
     *
     * @param file      the PDF, relative to the worker's input dir (as {@code POST /api/files} returns it)
     * @param summarize whether to summarize each chapter with a provider
     * @return the submission
     */
    public static JobSubmission pdf(String file, boolean summarize) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("file", Objects.requireNonNull(file, "file"));
        payload.put("summarize", summarize);
        return new JobSubmission(JobTypes.PDF_PROCESSING, payload, null);
    }

    /**
     * A {@code chapter-generation} job.
     *
     * @param topic     what the chapter is about
     * @param sections  how many sections (1-50)
     * @param sourceJob optional id of a finished {@code pdf-processing} job whose chapters are sources
     * @return the submission
     */
    public static JobSubmission chapter(String topic, int sections, String sourceJob) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("topic", Objects.requireNonNull(topic, "topic"));
        payload.put("sections", sections);
        if (sourceJob != null) payload.put("source_job", sourceJob);
        return new JobSubmission(JobTypes.CHAPTER_GENERATION, payload, null);
    }

    /**
     * The same submission with an idempotency key.
     *
     * @param key the key; a repeat of the same type and key yields the same job id
     * @return a copy carrying the key
     */
    public JobSubmission withIdempotencyKey(String key) {
        return new JobSubmission(type, payload, key);
    }
}
