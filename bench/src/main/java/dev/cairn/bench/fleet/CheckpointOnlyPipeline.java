package dev.cairn.bench.fleet;

import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;

import java.util.List;

/**
 * The job of the throughput figures ({@link dev.cairn.bench.throughput.ThroughputBenchmark}) and of the
 * enqueue figures: a pipeline of three steps, {@code one}, {@code two}, {@code three}, each of which saves one
 * cursor ({@code StepContext.checkpoint}) and returns. What a job costs is then Cairn's own work around a step, not
 * the step's: JobRunr's onboarding and state saves, the runner's checkpoint begin, the start, cursor and
 * finish of every step (10 checkpoint scripts in Redis), the finished checkpoint's clean-up. Runs in
 * {@link BenchWorkerMain}'s worker processes, never in the bench's own JVM.
 */
public final class CheckpointOnlyPipeline {

    /** The job type. */
    public static final String TYPE = "bench-checkpoint";
    /** The steps, in order. */
    static final List<String> STEPS = List.of("one", "two", "three");

    private CheckpointOnlyPipeline() {
    }

    /** @return the pipeline: every step one cursor checkpoint, nothing else */
    public static Pipeline create() {
        // why a cursor and not an empty body: the point of the job is a checkpoint per step, and a step that
        // saves none would leave only the runner's own start and finish writes
        return Pipeline.of(TYPE, STEPS.stream().map(name -> Step.of(name, ctx -> ctx.checkpoint("done", 1.0))).toList());
    }
}
