package dev.cairn.checkpoint.internal;

import java.util.List;

/**
 * What {@code checkpoint-begin.lua} answered, decoded from its reply list ({@code {checkpoint}} or
 * {@code {checkpoint, started step, its runs}}): the one place that knows those positions. The script's
 * arguments are {@link BeginArgs}.
 *
 * @param checkpoint  the checkpoint as it was before the script started a step
 * @param startedStep the step the script started ({@link BeginArgs#startFirstStep()}), or {@code null}
 * @param startedRuns that step's runs, its start included; 0 when none was started
 */
record BeginReply(CheckpointHash checkpoint, String startedStep, int startedRuns) {

    private static final int CHECKPOINT = 0;
    private static final int STARTED_STEP = 1;
    private static final int STARTED_RUNS = 2;

    /**
     * @param reply the script's reply
     * @return the reply, typed; an empty checkpoint for anything that is not a list
     */
    static BeginReply decode(Object reply) {
        List<?> parts = reply instanceof List<?> list ? list : List.of();
        CheckpointHash checkpoint = CheckpointHash.fromFlatReply(parts.isEmpty() ? null : parts.get(CHECKPOINT));
        if (parts.size() == 3 && parts.get(STARTED_RUNS) instanceof Number runs) {
            return new BeginReply(checkpoint, String.valueOf(parts.get(STARTED_STEP)), runs.intValue());
        }
        return new BeginReply(checkpoint, null, 0);
    }

    /** @return whether the script started a step */
    boolean startedAStep() {
        return startedStep != null;
    }
}
