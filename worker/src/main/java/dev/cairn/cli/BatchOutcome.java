package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.client.BatchLineResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code cairn enqueue batch} reports: every line's final answer counted (and, with {@code --json}, printed),
 * the first refused lines listed, and the lines still {@code rate_limited} as a group of their own.
 */
final class BatchOutcome {

    /** Refused lines listed in the summary; the rest are counted ({@code --json} shows all). */
    static final int MAX_LISTED = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;
    private final List<BatchLineResult> listed = new ArrayList<>();
    private long lines;
    private long created;
    private long duplicates;
    private long refused;
    private RateLimitedLines rateLimited = new RateLimitedLines();

    /**
     * @param out  stdout
     * @param json whether every answer is printed as JSON instead of a summary
     */
    BatchOutcome(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /**
     * The first answer of an input line.
     *
     * @param result           the answer
     * @param holdRateLimited  whether a {@code rate_limited} answer is held back (the line goes again, its final
     *                         answer is printed later) rather than printed now
     */
    void first(BatchLineResult result, boolean holdRateLimited) {
        lines++;
        if (result.rateLimited()) {
            rateLimited.add(result);
            if (json && !holdRateLimited) out.println(asJson(result));
        } else {
            settle(result);
        }
    }

    /** @param result the final answer of a line: accepted, or refused for another reason than a rate limit */
    void settle(BatchLineResult result) {
        if (json) out.println(asJson(result));
        if (result.accepted()) {
            if (result.created()) created++;
            else duplicates++;
            return;
        }
        refused++;
        if (!json && listed.size() < MAX_LISTED) listed.add(result);
    }

    /** @return the lines answered {@code rate_limited} last */
    RateLimitedLines rateLimited() {
        return rateLimited;
    }

    /** @param stillLimited the lines that are still {@code rate_limited} after they went again */
    void rateLimited(RateLimitedLines stillLimited) {
        this.rateLimited = stillLimited;
    }

    /** With {@code --json}: the held-back answers of the lines still rate limited, in line order. */
    void printHeldRateLimited() {
        if (!json) return;
        for (int n = rateLimited.numbers().nextSetBit(0); n >= 0; n = rateLimited.numbers().nextSetBit(n + 1)) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", n);
            line.put("error", "rate_limited");
            line.put("message", rateLimited.message(n));
            rateLimited.retryAfter().ifPresent(d -> line.put("retry_after_s", Math.max(1, (d.toMillis() + 999) / 1000)));
            out.println(write(line));
        }
    }

    /**
     * The summary (without {@code --json}).
     *
     * @param sendAgain why cairn did not send the rate-limited lines again itself, in parentheses, or empty
     */
    void printSummary(String sendAgain) {
        if (json) return;
        String count = EnqueueBatchCommand.count(created + duplicates);
        out.println("accepted " + count + " of " + EnqueueBatchCommand.count(lines) + " line(s): "
                + EnqueueBatchCommand.count(created) + " new job(s), " + EnqueueBatchCommand.count(duplicates) + " duplicate(s) of existing jobs");
        if (refused > 0) {
            out.println("refused " + EnqueueBatchCommand.count(refused) + " line(s):");
            for (BatchLineResult r : listed) out.println("  line " + r.line() + ": " + r.error() + ": " + r.message());
            if (refused > listed.size()) {
                out.println("  … and " + EnqueueBatchCommand.count(refused - listed.size()) + " more (--json lists every line)");
            }
        }
        if (rateLimited.isEmpty()) return;
        out.println("rate limited: " + EnqueueBatchCommand.count(rateLimited.count()) + " line(s)"
                + rateLimited.retryAfter().map(d -> ", retry after " + WaitDuration.describe(d)).orElse(""));
        out.println("  send line(s) " + rateLimited.ranges(MAX_LISTED) + " again" + (sendAgain.isEmpty() ? "" : " " + sendAgain));
    }

    /** @return the stderr line when any line was not accepted, else {@code null} */
    String failure() {
        long notAccepted = refused + rateLimited.count();
        if (notAccepted == 0) return null;
        return "cairn: " + EnqueueBatchCommand.count(notAccepted) + " of " + EnqueueBatchCommand.count(lines) + " line(s) refused"
                + (rateLimited.isEmpty() ? "" : ", " + EnqueueBatchCommand.count(rateLimited.count()) + " of them rate limited")
                + (json ? "" : " (listed above)");
    }

    private static String asJson(BatchLineResult r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("line", r.line());
        if (r.accepted()) {
            line.put("job_id", r.jobId());
            line.put("created", r.created());
        } else {
            line.put("error", r.error());
            line.put("message", r.message());
            r.retryAfter().ifPresent(d -> line.put("retry_after_s", Math.max(1, (d.toMillis() + 999) / 1000)));
        }
        return write(line);
    }

    private static String write(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
