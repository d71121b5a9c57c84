package dev.cairn.api.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker's answer to one line of a batch ({@code POST /api/jobs/batch}): a job id, or why the line
 * was refused.
 *
 * @param line       the line's number in the whole input, from 1
 * @param jobId      the job's id; {@code null} when refused
 * @param created    false when an idempotency key matched an existing job (a duplicate)
 * @param error      the worker's error code (e.g. {@code invalid_payload}, {@code idempotency_conflict},
 *                   {@code unavailable}: send that line again later, {@code rate_limited}: the line was past
 *                   the caller's job budget, send it again after {@code retryAfter}); {@code null} when accepted
 * @param message    a sentence naming the problem; {@code null} when accepted
 * @param retryAfter when to send the line again, as the worker said ({@code retry_after_s} of a
 *                   {@code rate_limited} line); empty when it did not say
 */
public record BatchLineResult(long line, String jobId, boolean created, String error, String message, Optional<Duration> retryAfter) {

    /** Makes a missing {@code retryAfter} empty. */
    public BatchLineResult {
        retryAfter = Objects.requireNonNullElse(retryAfter, Optional.empty());
    }

    /**
     * An answer without a retry-after.
     *
     * @param line    the line's number in the whole input, from 1
     * @param jobId   the job's id; {@code null} when refused
     * @param created false when an idempotency key matched an existing job
     * @param error   the worker's error code; {@code null} when accepted
     * @param message a sentence naming the problem; {@code null} when accepted
     */
    public BatchLineResult(long line, String jobId, boolean created, String error, String message) {
        this(line, jobId, created, error, message, Optional.empty());
    }

    /** @return whether the line became (or matched) a job */
    public boolean accepted() {
        return error == null;
    }

    /**
     * @return whether the line was refused for the caller's job budget ({@code rate_limited}): nothing was
     *         stored for it, and sending it again later can succeed
     */
    public boolean rateLimited() {
        return CairnClientException.RATE_LIMITED.equals(error);
    }
}
