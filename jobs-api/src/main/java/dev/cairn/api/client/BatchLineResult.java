package dev.cairn.api.client;

/**
 * The worker's answer to one line of a batch ({@code POST /api/jobs/batch}): a job id, or why the line
 * was refused.
 *
 * @param line    the line's number in the whole input, from 1
 * @param jobId   the job's id; {@code null} when refused
 * @param created false when an idempotency key matched an existing job (a duplicate)
 * @param error   the worker's error code (e.g. {@code invalid_payload}, {@code idempotency_conflict},
 *                {@code unavailable}: send that line again later); {@code null} when accepted
 * @param message a sentence naming the problem; {@code null} when accepted
 */
public record BatchLineResult(long line, String jobId, boolean created, String error, String message) {

    /** @return whether the line became (or matched) a job */
    public boolean accepted() {
        return error == null;
    }
}
