package dev.cairn.pipeline;

import dev.cairn.api.CairnException;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.RescheduleException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.checkpoint.CheckpointSession;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.checkpoint.StaleAttemptException;
import dev.cairn.config.Directories;
import dev.cairn.config.JobFieldsConverter;
import dev.cairn.metrics.MeterCache;
import dev.cairn.metrics.MetricNames;
import dev.cairn.pipeline.internal.LeftoverOutputs;
import dev.cairn.pipeline.internal.ProgressScale;
import dev.cairn.pipeline.internal.RunningStepContext;
import dev.cairn.pipeline.internal.StepOutputs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one attempt of a job's pipeline against its checkpoint: steps already completed are passed
 * over, the step that was interrupted resumes from its saved cursor, and every step start and finish
 * is one checkpoint write.
 */
public final class PipelineRunner {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    /** MDC key of the running step, next to JobRunr's job id (the text log prints it as {@code step=}). */
    public static final String MDC_STEP = JobFieldsConverter.STEP;
    /** MDC key of the job id (the text log prints it as {@code job=}). */
    public static final String MDC_JOB = JobFieldsConverter.JOB_ID;
    /** The {@code outcome} values of {@code cairn_steps_total}. */
    private static final List<String> STEP_OUTCOMES = List.of("completed", "skipped", "failed", "interrupted");
    /** A step that ran at least this long gets an INFO line when it completes; a shorter first run, a DEBUG one. */
    static final Duration LONG_STEP = Duration.ofSeconds(1);

    private final PipelineRegistry registry;
    private final CheckpointStore store;
    private final StepOutputs outputs;
    private final Directories dirs;
    private final DrainSignal drain;
    private final MeterRegistry meters;
    private final MeterCache cache = new MeterCache();

    public PipelineRunner(PipelineRegistry registry, CheckpointStore store, Directories dirs, DrainSignal drain, MeterRegistry meters) {
        this.registry = registry;
        this.store = store;
        this.dirs = dirs;
        this.outputs = new StepOutputs(dirs.dataDir(), dirs.stepOutputDir());
        this.drain = drain;
        this.meters = meters;
        preRegisterMeters();
    }

    /** A counter first seen at 1 is invisible to {@code rate()}: every pipeline's series start at zero. */
    private void preRegisterMeters() {
        for (String type : registry.types()) {
            Pipeline pipeline = registry.require(type);
            counter(MetricNames.JOBS_RESUMED, MetricNames.TAG_TYPE, type);
            for (Step step : pipeline.steps()) {
                counter(MetricNames.STEPS_SKIPPED, MetricNames.TAG_PIPELINE, type, MetricNames.TAG_STEP, step.name());
                for (String outcome : STEP_OUTCOMES) {
                    counter(MetricNames.STEPS, MetricNames.TAG_PIPELINE, type, MetricNames.TAG_STEP, step.name(), MetricNames.TAG_OUTCOME, outcome);
                }
            }
        }
    }

    /** @return the job types this runner has pipelines for, sorted */
    public Set<String> types() {
        return registry.types();
    }

    /**
     * Runs the job's remaining steps.
     *
     * @param jobId   the job
     * @param type    its pipeline
     * @param payload its payload
     * @return the final checkpoint, every step completed or skipped
     * @throws Exception whatever a step threw; {@link RescheduleException} when the job must wait
     */
    public CheckpointView run(String jobId, String type, JobPayload payload) throws Exception {
        return run(jobId, type, payload, StepEvents.NONE, null);
    }

    /**
     * Runs the job's remaining steps, telling {@code events} its story.
     *
     * @param jobId   the job
     * @param type    its pipeline
     * @param payload its payload
     * @param events  where step events and progress go (the JobRunr dashboard)
     * @param created when the job was created; results under its id written before that, and a checkpoint made by
     *                a job created at another time, are an earlier job's (its idempotency key used again after
     *                JobRunr deleted it): the results are moved aside, the checkpoint dropped; {@code null}: never
     * @return the final checkpoint, every step completed or skipped
     * @throws Exception whatever a step threw; {@link RescheduleException} when the job must wait
     */
    public CheckpointView run(String jobId, String type, JobPayload payload, StepEvents events, Instant created) throws Exception {
        Pipeline pipeline = registry.require(type);
        pipeline.validate(payload);
        if (drain.isDraining()) {
            throw new RescheduleException("the worker is shutting down", Duration.ZERO, null);
        }
        List<Step> steps = pipeline.steps();
        long started = System.nanoTime();
        CheckpointSession session = store.begin(jobId, created, pipeline.name(), steps.stream().map(Step::name).toList());
        CheckpointView before = session.view();
        if (before.steps().stream().anyMatch(s -> s.runs() > 0)) {
            counter(MetricNames.JOBS_RESUMED, MetricNames.TAG_TYPE, type).increment();
            LOG.info("Resuming job {} ({}) at step {} (resume #{})", jobId, type, before.currentStep(), before.resumedCount());
            events.jobResumed(before.currentStep(), before.resumedCount());
        } else if (created != null) {
            // why: no step started according to the checkpoint; that is a new job, or this job after Redis lost its
            // checkpoint, whose files (written after it was created) are its own and let it resume
            startAfresh(jobId, created);
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (session.isDone(step.name())) {
                counter(MetricNames.STEPS_SKIPPED, MetricNames.TAG_PIPELINE, type, MetricNames.TAG_STEP, step.name()).increment();
                LOG.debug("Step {} of job {} already done; not running it again", step.name(), jobId);
                events.stepAlreadyDone(step.name());
                continue;
            }
            String next = i + 1 < steps.size() ? steps.get(i + 1).name() : null;
            boolean startNext = next != null && !session.isDone(next);
            runStep(session, pipeline, step, payload, new ProgressScale(i, steps.size()), next, startNext, events);
        }
        LOG.info("Job {} ({}) done: {} steps in {} ms", jobId, type, steps.size(), (System.nanoTime() - started) / 1_000_000);
        return session.view();
    }

    /**
     * Runs one step between its checkpoint writes. When the next step is to run too, the write that
     * finishes this one also starts that one (one Redis round trip instead of two, nothing in between);
     * the session then answers that step's start without a write.
     *
     * @param startNext whether to start {@code next} in the finishing write
     */
    private void runStep(CheckpointSession session, Pipeline pipeline, Step step, JobPayload payload, ProgressScale progress,
                         String next, boolean startNext, StepEvents events) throws Exception {
        String jobId = session.jobId();
        MDC.put(MDC_STEP, step.name());
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            int runs = session.startStep(step.name());
            RunningStepContext context = new RunningStepContext(session, step.name(), payload, runs, progress, drain, outputs,
                    dirs.outputDir().resolve(jobId), dirs.workDir().resolve(jobId), events);
            boolean resumed = context.cursor().isPresent();
            if (resumed) {
                LOG.info("Step {} resumes at cursor {} (run {})", step.name(), context.cursor().get(), runs);
            } else {
                // why: DEBUG; the line at the step's end says it ran, and a line per event doubled the log of a short job
                LOG.debug("Step {} started (run {})", step.name(), runs);
            }
            events.stepStarted(step.name(), runs, context.cursor().orElse(null));
            step.run(context);
            boolean skipped = context.skipReason() != null;
            String output = outputs.encode(jobId, session.token(), step.name(), context.producedOutput());
            try {
                if (startNext) {
                    session.finishAndStart(step.name(), skipped, output, progress.done(), next);
                } else {
                    session.finishStep(step.name(), skipped, output, progress.done(), next);
                }
            } catch (StaleAttemptException e) {
                // why: this write was the file's commit point; refused, the file is the fenced-off attempt's litter
                outputs.discard(output);
                throw e;
            }
            outcome = skipped ? "skipped" : "completed";
            events.progress(progress.done());
            if (skipped) {
                LOG.info("Step {} skipped: {}", step.name(), context.skipReason());
                events.stepSkipped(step.name(), context.skipReason());
            } else {
                long millis = (System.nanoTime() - started) / 1_000_000;
                // why: a line per step of every short job was most of a busy worker's log (and a few % of its CPU);
                // the job's own line says it ran, and a long step, a retry or a resume keeps its line
                if (millis >= LONG_STEP.toMillis() || runs > 1 || resumed) {
                    LOG.info("Step {} completed (run {}) in {} ms", step.name(), runs, millis);
                } else {
                    LOG.debug("Step {} completed (run {}) in {} ms", step.name(), runs, millis);
                }
                events.stepCompleted(step.name());
            }
        } catch (RescheduleException e) {
            // a wait, or a fenced-off attempt (StaleAttemptException)
            outcome = "interrupted";
            throw e;
        } catch (CairnException e) {
            LOG.warn("Step {} failed: {}", step.name(), e.getMessage());
            events.stepFailed(step.name(), e.getMessage());
            throw e;
        } catch (Exception e) {
            events.stepFailed(step.name(), e.toString());
            throw e;
        } finally {
            cache.<Timer>get("duration|" + pipeline.name() + "|" + step.name(), () -> Timer.builder(MetricNames.STEP_DURATION)
                    .tag(MetricNames.TAG_PIPELINE, pipeline.name()).tag(MetricNames.TAG_STEP, step.name()).register(meters))
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            counter(MetricNames.STEPS, MetricNames.TAG_PIPELINE, pipeline.name(), MetricNames.TAG_STEP, step.name(),
                    MetricNames.TAG_OUTCOME, outcome).increment();
            MDC.remove(MDC_STEP);
        }
    }

    /**
     * A job's first step is about to start as far as its checkpoint knows. Results under its id written before
     * the job was created are an earlier job's with the same id (an idempotency key used again after JobRunr
     * deleted its job): they are moved aside, its scratch files and spilled step outputs deleted, so the new
     * job starts as from an empty directory. Results written since are the job's own (Redis lost its
     * checkpoint) and stay.
     *
     * @throws CairnException (retryable) when the results cannot be moved: the job must not write over them
     */
    private void startAfresh(String jobId, Instant created) {
        Path jobDir = dirs.outputDir().resolve(jobId);
        Optional<Path> moved;
        try {
            moved = LeftoverOutputs.moveAsideIfOlder(jobDir, created);
        } catch (IOException e) {
            throw CairnException.retryable("cannot move the results of an earlier job with id " + jobId + " out of " + jobDir
                    + " before this one starts: " + e.getMessage(), e);
        }
        if (moved.isEmpty()) return;
        LOG.warn("Job {} starts afresh: the results of an earlier job with the same id (its idempotency key was used again "
                + "after that job was deleted) are moved to {}", jobId, moved.get());
        cleanUp(jobId);
    }

    /** Removes a finished job's spilled step outputs and scratch files (its results in the output dir stay). */
    public void cleanUp(String jobId) {
        outputs.deleteJob(jobId);
        dev.cairn.pipeline.internal.FileTrees.deleteQuietly(dirs.workDir().resolve(jobId));
    }

    /** @return the ids of the jobs that have spilled step outputs or scratch files in this worker's data dir */
    public Set<String> jobsWithFiles() {
        Set<String> ids = new java.util.TreeSet<>();
        for (Path dir : List.of(dirs.stepOutputDir(), dirs.workDir())) {
            if (!Files.isDirectory(dir)) continue;
            try (java.util.stream.Stream<Path> children = Files.list(dir)) {
                children.filter(Files::isDirectory).forEach(child -> ids.add(child.getFileName().toString()));
            } catch (IOException e) {
                LOG.debug("Could not list {}: {}", dir, e.getMessage());
            }
        }
        return ids;
    }

    private Counter counter(String name, String... tags) {
        return cache.get(name + "|" + String.join("|", tags), () -> meters.counter(name, tags));
    }
}
