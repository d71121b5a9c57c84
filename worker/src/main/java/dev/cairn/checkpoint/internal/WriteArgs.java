package dev.cairn.checkpoint.internal;

import java.util.List;

/**
 * The ARGV of {@code checkpoint-write.lua} (its header lists them): the one place that knows their
 * positions. The script answers a number (the started step's runs, or 1), read where it is used.
 *
 * @param token     the attempt's fencing token
 * @param now       the write's time (epoch ms)
 * @param ttlMillis the checkpoint's time to live
 * @param op        {@code start}, {@code finish} or {@code advance}
 * @param step      the step started or finished
 * @param status    finish/advance: {@code completed} or {@code skipped}
 * @param progress  finish/advance: the job's progress, e.g. {@code 42.5}
 * @param nextStep  finish/advance: the step after it ({@code ""}: none)
 * @param output    finish/advance: the step's output, or {@code null} when it has none
 */
record WriteArgs(String token, long now, long ttlMillis, String op, String step, String status, String progress,
                 String nextStep, String output) {

    private static final String START = "start";

    /** @return a start of {@code step}: its runs go up by one */
    static WriteArgs start(String token, long now, long ttlMillis, String step) {
        return new WriteArgs(token, now, ttlMillis, START, step, null, null, null, null);
    }

    /** @return a finish of {@code step} */
    static WriteArgs finish(String token, long now, long ttlMillis, String step, String status, String progress, String nextStep,
                            String output) {
        return new WriteArgs(token, now, ttlMillis, "finish", step, status, progress, nextStep, output);
    }

    /** @return a finish of {@code step}, then a start of {@code nextStep}, in one round trip */
    static WriteArgs advance(String token, long now, long ttlMillis, String step, String status, String progress, String nextStep,
                             String output) {
        return new WriteArgs(token, now, ttlMillis, "advance", step, status, progress, nextStep, output);
    }

    /** @return ARGV[1..5] for a start, ARGV[1..10] for a finish or an advance, in the script's order */
    List<String> encode() {
        if (op.equals(START)) return List.of(token, Long.toString(now), Long.toString(ttlMillis), op, step);
        return List.of(token, Long.toString(now), Long.toString(ttlMillis), op, step, status, progress, nextStep,
                output == null ? "0" : "1", output == null ? "" : output);
    }
}
