package dev.cairn.checkpoint.internal;

import java.time.Instant;
import java.util.List;

/**
 * The ARGV of {@code checkpoint-begin.lua} (its header lists them): the one place that knows their
 * positions. The script's answer is {@link BeginReply}.
 *
 * @param pipeline       the job's pipeline
 * @param steps          its step names, in order
 * @param now            the attempt's start (epoch ms)
 * @param ttlMillis      the checkpoint's time to live
 * @param startFirstStep whether the script also starts the first step not done yet, in the same round trip
 * @param nonce          the attempt's random part of its fencing token
 * @param jobCreated     when the job was created, {@code null} when unknown (the checkpoint found is then taken
 *                       as this job's whoever made it)
 */
record BeginArgs(String pipeline, List<String> steps, long now, long ttlMillis, boolean startFirstStep, String nonce,
                 Instant jobCreated) {

    /** @return ARGV[1..7] in the script's order */
    List<String> encode() {
        return List.of(pipeline, String.join(",", steps), Long.toString(now), Long.toString(ttlMillis),
                startFirstStep ? "1" : "0", nonce, jobCreated == null ? "" : Long.toString(jobCreated.toEpochMilli()));
    }
}
