package dev.cairn.api.client;

/**
 * What a batch came to.
 *
 * @param lines       lines answered
 * @param created     new jobs
 * @param duplicates  lines whose idempotency key matched an existing job (or an earlier line)
 * @param refused     lines refused, the rate-limited ones included; their {@link BatchLineResult}s say why
 * @param rateLimited of the refused lines, those past the caller's job budget ({@code rate_limited}): nothing
 *                    was stored for them, they can be sent again later
 */
public record BatchSummary(long lines, long created, long duplicates, long refused, long rateLimited) {

    /**
     * A summary without rate-limited lines.
     *
     * @param lines      lines answered
     * @param created    new jobs
     * @param duplicates lines whose idempotency key matched an existing job
     * @param refused    lines refused
     */
    public BatchSummary(long lines, long created, long duplicates, long refused) {
        this(lines, created, duplicates, refused, 0);
    }

    /** @return the sum of this summary and the counts of one more answered line */
    BatchSummary plus(BatchLineResult result) {
        return new BatchSummary(lines + 1, created + (result.accepted() && result.created() ? 1 : 0),
                duplicates + (result.accepted() && !result.created() ? 1 : 0), refused + (result.accepted() ? 0 : 1),
                rateLimited + (result.rateLimited() ? 1 : 0));
    }

    /** @return whether every line was accepted */
    public boolean allAccepted() {
        return refused == 0;
    }
}
