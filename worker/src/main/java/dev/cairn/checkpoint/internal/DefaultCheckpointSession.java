package dev.cairn.checkpoint.internal;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.StepView;
import dev.cairn.checkpoint.CheckpointSession;

import java.time.Clock;
import java.util.Optional;

/**
 * A session that sends each write through a {@link CheckpointWriter} (Redis, or nowhere when
 * checkpoints are disabled) and mirrors it locally once it was accepted.
 */
final class DefaultCheckpointSession implements CheckpointSession {

    private final String jobId;
    private final CheckpointHash hash;
    private final String token;
    private final long ttlMillis;
    private final Clock clock;
    private final CheckpointWriter writer;
    /**
     * The step a write already started ({@code begin}'s start of the first step not done, or {@link #finishAndStart}),
     * with its runs and time, until the runner's {@link #startStep} of it, which then costs no round trip.
     */
    private String preStartedStep;
    private int preStartedRuns;
    private long preStartedAt;

    DefaultCheckpointSession(String jobId, CheckpointHash hash, long ttlMillis, Clock clock, CheckpointWriter writer) {
        this.jobId = jobId;
        this.hash = hash;
        this.token = hash.token();
        this.ttlMillis = ttlMillis;
        this.clock = clock;
        this.writer = writer;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public CheckpointView view() {
        return hash.view();
    }

    @Override
    public boolean isDone(String step) {
        return hash.isDone(step);
    }

    @Override
    public Optional<String> cursor(String step) {
        return hash.cursor(step);
    }

    @Override
    public Optional<String> output(String step) {
        return hash.output(step);
    }

    /**
     * A write already started this step: {@code begin} (the first step not done yet) or {@link #finishAndStart}.
     *
     * @param runs the step's runs, that start included
     * @param at   when that write ran (epoch ms), the time it stored
     */
    void preStarted(String step, int runs, long at) {
        this.preStartedStep = step;
        this.preStartedRuns = runs;
        this.preStartedAt = at;
    }

    @Override
    public int startStep(String step) {
        long now = clock.millis();
        if (step.equals(preStartedStep)) {
            // why: a write started it already; only the local mirror learns of it now
            preStartedStep = null;
            hash.applyStart(step, preStartedRuns, preStartedAt);
            return preStartedRuns;
        }
        Object reply = writer.write(WriteArgs.start(token, now, ttlMillis, step).encode());
        int runs = reply instanceof Number n ? n.intValue() : hash.runs(step) + 1;
        hash.applyStart(step, runs, now);
        return runs;
    }

    @Override
    public void saveCursor(String step, String cursor, double progressPercent) {
        long now = clock.millis();
        String progress = percent(progressPercent);
        writer.cursor(new CursorArgs(token, step, cursor, progress, now, ttlMillis).encode());
        hash.applyCursor(step, cursor, progress, now);
    }

    @Override
    public void finishStep(String step, boolean skipped, String output, double progressPercent, String nextStep) {
        long now = clock.millis();
        String status = skipped ? StepView.SKIPPED : StepView.COMPLETED;
        String progress = percent(progressPercent);
        String next = nextStep == null ? "" : nextStep;
        writer.write(WriteArgs.finish(token, now, ttlMillis, step, status, progress, next, output).encode());
        hash.applyFinish(step, status, progress, next, output, now);
    }

    @Override
    public int finishAndStart(String step, boolean skipped, String output, double progressPercent, String nextStep) {
        long now = clock.millis();
        String status = skipped ? StepView.SKIPPED : StepView.COMPLETED;
        String progress = percent(progressPercent);
        Object reply = writer.write(WriteArgs.advance(token, now, ttlMillis, step, status, progress, nextStep, output).encode());
        hash.applyFinish(step, status, progress, nextStep, output, now);
        int runs = reply instanceof Number n ? n.intValue() : hash.runs(nextStep) + 1;
        hash.applyStart(nextStep, runs, now);
        preStarted(nextStep, runs, now);
        return runs;
    }

    /** One decimal, e.g. {@code 42.5}; without String.format, which costs more than the rest of a cursor write. */
    private static String percent(double value) {
        double clamped = Math.max(0, Math.min(100, value));
        return Double.toString(Math.round(clamped * 10) / 10.0);
    }
}
