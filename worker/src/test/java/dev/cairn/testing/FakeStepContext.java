package dev.cairn.testing;

import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link StepContext} for testing pipeline steps without the engine: cursors, outputs and
 * skips live in maps, checkpoints are recorded. One instance stands for one job; {@link #run(Step)}
 * plays the engine's part of running a step and keeping its output when it completes.
 */
public final class FakeStepContext implements StepContext {

    /** One {@link #checkpoint(String, double)} call. */
    public record Checkpoint(String step, String cursor, double fractionDone) {
    }

    /** Thrown by {@link #checkpoint} once {@link #killAfterCheckpoints(int)} is reached: a simulated kill -9. */
    public static final class SimulatedKill extends RuntimeException {
        SimulatedKill() {
            super("simulated kill");
        }
    }

    private final String jobId;
    private final JobPayload payload;
    private final Path outputDir;
    private final Path workDir;
    private final Map<String, String> outputs = new HashMap<>();
    private final Map<String, String> cursors = new HashMap<>();
    private final Map<String, String> skipped = new HashMap<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private String stepName;
    private String pendingOutput;
    private String pendingSkip;
    private int killAfter = -1;
    private java.util.function.Consumer<Checkpoint> onCheckpoint = c -> { };

    /**
     * @param jobId     the job's id
     * @param payload   the job's payload
     * @param outputDir {@code CAIRN_OUTPUT_DIR}: the job's results go to {@code <outputDir>/<jobId>}
     */
    public FakeStepContext(String jobId, JobPayload payload, Path outputDir) {
        this(jobId, payload, outputDir.resolve(jobId), outputDir.resolveSibling("work").resolve(jobId));
    }

    /**
     * A job {@code job-1} whose results go to {@code <jobDir>/output} and scratch to {@code <jobDir>/work}.
     *
     * @param payload the job's payload
     * @param jobDir  the job's directory
     */
    public FakeStepContext(JobPayload payload, Path jobDir) {
        this("job-1", payload, jobDir.resolve("output"), jobDir.resolve("work"));
    }

    private FakeStepContext(String jobId, JobPayload payload, Path jobOutputDir, Path jobWorkDir) {
        this.jobId = jobId;
        this.payload = payload;
        this.outputDir = jobOutputDir;
        this.workDir = jobWorkDir;
    }

    /** Runs every step of {@code pipeline} in order, like an uninterrupted job. */
    public void runAll(Pipeline pipeline) throws Exception {
        for (Step step : pipeline.steps()) run(step);
    }

    /** Runs one step; on success keeps its output (or skip) and drops its cursor, as the engine does. */
    public void run(Step step) throws Exception {
        stepName = step.name();
        pendingOutput = null;
        pendingSkip = null;
        step.run(this);
        if (pendingSkip != null) skipped.put(stepName, pendingSkip);
        if (pendingOutput != null) outputs.put(stepName, pendingOutput);
        cursors.remove(stepName);
    }

    /** @param step a step whose saved cursor to pretend, as after a crash */
    public void setCursor(String step, String cursor) {
        cursors.put(step, cursor);
    }

    /** Makes the n-th checkpoint from now save and then throw {@link SimulatedKill}. */
    public void killAfterCheckpoints(int n) {
        killAfter = checkpoints.size() + n;
    }

    /** Calls {@code check} with every checkpoint as it is made, before it is recorded, e.g. to look at the files then. */
    public void onCheckpoint(java.util.function.Consumer<Checkpoint> check) {
        this.onCheckpoint = check;
    }

    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    public Map<String, String> outputs() {
        return outputs;
    }

    public Map<String, String> skipped() {
        return skipped;
    }

    /** Pretends an output, as if an earlier step had recorded it. */
    public void setOutput(String step, String value) {
        outputs.put(step, value);
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String stepName() {
        return stepName;
    }

    @Override
    public JobPayload payload() {
        return payload;
    }

    @Override
    public Optional<String> cursor() {
        return Optional.ofNullable(cursors.get(stepName));
    }

    @Override
    public int runs() {
        return 1;
    }

    @Override
    public void checkpoint(String cursor, double fractionDone) {
        cursors.put(stepName, cursor);
        Checkpoint made = new Checkpoint(stepName, cursor, fractionDone);
        onCheckpoint.accept(made);
        checkpoints.add(made);
        if (killAfter >= 0 && checkpoints.size() >= killAfter) {
            killAfter = -1;
            throw new SimulatedKill();
        }
    }

    @Override
    public void setOutput(String value) {
        pendingOutput = value;
    }

    @Override
    public Optional<String> output(String step) {
        return Optional.ofNullable(outputs.get(step));
    }

    @Override
    public void skip(String reason) {
        pendingSkip = reason;
    }

    @Override
    public Path outputDir() {
        return createDirectories(outputDir);
    }

    @Override
    public Path workDir() {
        return createDirectories(workDir);
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
