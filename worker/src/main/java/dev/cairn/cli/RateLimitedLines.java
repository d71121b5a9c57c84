package dev.cairn.cli;

import dev.cairn.api.client.BatchLineResult;

import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The lines of a batch answered {@code rate_limited} (past the caller's job budget; nothing stored for them):
 * their numbers in the input, the longest {@code retry_after_s} among them and the worker's reason. Numbers are
 * bits, so a million such lines take 125 KB.
 */
final class RateLimitedLines {

    /** The worker's "line 7: " before a line's reason. */
    private static final Pattern LINE_PREFIX = Pattern.compile("^line \\d+: ");

    private final BitSet numbers = new BitSet();
    private long count;
    private Duration retryAfter;
    private String reason;

    /** @param result a line answered {@code rate_limited}, numbered as in the input */
    void add(BatchLineResult result) {
        add(result.line(), result.retryAfter(), result.message());
    }

    /**
     * @param line       the line's number in the input
     * @param retryAfter when to send it again, as the worker said
     * @param message    the worker's reason, {@code null} to keep the one known
     */
    void add(long line, Optional<Duration> retryAfter, String message) {
        // why: a line past int range (two billion lines) is counted but cannot be picked out to send again
        if (line > 0 && line < Integer.MAX_VALUE) numbers.set((int) line);
        count++;
        retryAfter.ifPresent(d -> this.retryAfter = this.retryAfter == null || d.compareTo(this.retryAfter) > 0 ? d : this.retryAfter);
        if (message != null) reason = LINE_PREFIX.matcher(message).replaceFirst("");
    }

    boolean isEmpty() {
        return count == 0;
    }

    long count() {
        return count;
    }

    /** @return the line numbers, to pick the lines out of the input again; not to be changed */
    BitSet numbers() {
        return numbers;
    }

    /** @return the longest wait the worker asked for, empty when it named none */
    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** @return the worker's reason for line {@code line}, as it says it: {@code line 7: the job budget ... } */
    String message(long line) {
        return "line " + line + ": " + (reason == null ? "rate limited" : reason);
    }

    /**
     * @param max the most runs to name
     * @return the numbers as runs, {@code 6-10, 12}, and how many more lines when there are more runs than {@code max}
     */
    String ranges(int max) {
        StringBuilder text = new StringBuilder();
        int runs = 0;
        long named = 0;
        for (int from = numbers.nextSetBit(0); from >= 0; ) {
            int to = numbers.nextClearBit(from) - 1;
            if (runs == max) {
                text.append(" and ").append(EnqueueBatchCommand.count(numbers.cardinality() - named)).append(" more line(s)");
                return text.toString();
            }
            text.append(runs == 0 ? "" : ", ").append(from == to ? Integer.toString(from) : from + "-" + to);
            runs++;
            named += to - from + 1;
            from = numbers.nextSetBit(to + 1);
        }
        return text.toString();
    }
}
