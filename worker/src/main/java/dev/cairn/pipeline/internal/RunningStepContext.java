package dev.cairn.pipeline.internal;

import dev.cairn.pipeline.StepEvents;

import dev.cairn.api.RescheduleException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.checkpoint.CheckpointSession;
import dev.cairn.pipeline.DrainSignal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The {@link StepContext} of one run of one step, backed by the attempt's checkpoint session. */
public final class RunningStepContext implements StepContext {

    private final CheckpointSession session;
    private final String step;
    private final JobPayload payload;
    private final int runs;
    private final Optional<String> cursor;
    private final ProgressScale progress;
    private final DrainSignal drain;
    private final StepOutputs outputs;
    private final Path outputDir;
    private final Path workDir;
    private final StepEvents events;
    private String output;
    private String skipReason;

    public RunningStepContext(CheckpointSession session, String step, JobPayload payload, int runs, ProgressScale progress,
                              DrainSignal drain, StepOutputs outputs, Path outputDir, Path workDir, StepEvents events) {
        this.session = session;
        this.step = step;
        this.payload = payload;
        this.runs = runs;
        this.cursor = session.cursor(step);
        this.progress = progress;
        this.drain = drain;
        this.outputs = outputs;
        this.outputDir = outputDir;
        this.workDir = workDir;
        this.events = events;
    }

    @Override
    public String jobId() {
        return session.jobId();
    }

    @Override
    public String stepName() {
        return step;
    }

    @Override
    public JobPayload payload() {
        return payload;
    }

    @Override
    public Optional<String> cursor() {
        return cursor;
    }

    @Override
    public int runs() {
        return runs;
    }

    @Override
    public void checkpoint(String cursor, double fractionDone) {
        double percent = progress.percent(fractionDone);
        session.saveCursor(step, cursor, percent);
        events.progress(percent);
        // why: the cursor is saved first, so a drained or interrupted job resumes exactly here
        if (drain.isDraining()) {
            throw new RescheduleException("the worker is shutting down; the job resumes at " + step + " cursor " + cursor, Duration.ZERO, null);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new RescheduleException("the job's thread was interrupted; it resumes at " + step + " cursor " + cursor, Duration.ZERO,
                    new InterruptedException());
        }
    }

    @Override
    public void setOutput(String value) {
        this.output = value;
    }

    @Override
    public Optional<String> output(String stepName) {
        if (stepName.equals(step)) return Optional.ofNullable(output);
        return outputs.decode(session.output(stepName).orElse(null));
    }

    @Override
    public void skip(String reason) {
        this.skipReason = reason == null ? "skipped" : reason;
    }

    @Override
    public Path outputDir() {
        return createDirectories(outputDir);
    }

    @Override
    public Path workDir() {
        return createDirectories(workDir);
    }

    /** @return the output set by the step, or {@code null} */
    public String producedOutput() {
        return output;
    }

    /** @return why the step skipped itself, or {@code null} when it ran */
    public String skipReason() {
        return skipReason;
    }

    private static Path createDirectories(Path dir) {
        // why: Files.createDirectories throws and catches an exception when the directory exists, which
        // is every call but the first; a steps's outputDir() is called per file it writes
        if (Files.isDirectory(dir)) return dir;
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
