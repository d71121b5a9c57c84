package dev.cairn.api.client;

/**
 * What a batch came to.
 *
 * @param lines      lines answered
 * @param created    new jobs
 * @param duplicates lines whose idempotency key matched an existing job (or an earlier line)
 * @param refused    lines refused; their {@link BatchLineResult}s say why
 */
public record BatchSummary(long lines, long created, long duplicates, long refused) {

    /** @return the sum of this summary and the counts of one more answered line */
    BatchSummary plus(BatchLineResult result) {
        return new BatchSummary(lines + 1, created + (result.accepted() && result.created() ? 1 : 0),
                duplicates + (result.accepted() && !result.created() ? 1 : 0), refused + (result.accepted() ? 0 : 1));
    }

    /** @return whether every line was accepted */
    public boolean allAccepted() {
        return refused == 0;
    }
}
