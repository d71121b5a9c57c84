package dev.cairn.checkpoint.internal;

import java.util.List;

/**
 * The ARGV of {@code checkpoint-cursor.lua} (its header lists them): the one place that knows their
 * positions. The script answers 1.
 *
 * @param token     the attempt's fencing token
 * @param step      the running step
 * @param cursor    where the step is
 * @param progress  the job's progress, e.g. {@code 42.5}
 * @param now       the write's time (epoch ms)
 * @param ttlMillis the checkpoint's time to live
 */
record CursorArgs(String token, String step, String cursor, String progress, long now, long ttlMillis) {

    /** @return ARGV[1..6] in the script's order; the cursor's field name is computed here, the script takes it as given */
    List<String> encode() {
        return List.of(token, CheckpointHash.stepField(step, "cursor"), cursor, progress, Long.toString(now), Long.toString(ttlMillis));
    }
}
