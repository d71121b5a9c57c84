package dev.cairn.jobs.internal;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.RescheduleException;
import dev.cairn.api.jobrunr.PipelineJobHandler;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.checkpoint.StaleAttemptException;
import dev.cairn.metrics.MeterCache;
import dev.cairn.metrics.MetricNames;
import dev.cairn.pipeline.PipelineRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.server.runner.ThreadLocalJobContext;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The worker's implementation of {@link PipelineJobHandler}: JobRunr calls it for every Cairn job and
 * it runs the job's pipeline against its checkpoint.
 */
public final class PipelineJobRunner extends PipelineJobHandler {

    /** The {@code type} tag of a job whose type no pipeline of this worker has (enqueued straight into storage). */
    static final String UNKNOWN_TYPE = "unknown";
    private static final String SUCCEEDED = "succeeded";
    private static final String FAILED = "failed";
    private static final String RESCHEDULED = "rescheduled";
    private static final String FENCED = "fenced";
    /** Bounds of {@code cairn_job_duration_seconds_bucket}: a few, from a quick document to a long chapter run. */
    private static final Duration[] DURATION_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(2)};

    private final PipelineRunner runner;
    private final FinishedCheckpoints finished;
    private final MeterRegistry meters;
    private final MeterCache cache = new MeterCache();
    private final Set<String> types;

    public PipelineJobRunner(PipelineRunner runner, FinishedCheckpoints finished, MeterRegistry meters) {
        this.runner = runner;
        this.finished = finished;
        this.meters = meters;
        this.types = runner.types();
        // why: a counter first seen at 1 is invisible to rate(); at zero from the start, the first failure counts
        for (String type : types) {
            started(type);
            duration(type);
            for (String outcome : List.of(SUCCEEDED, FAILED, RESCHEDULED, FENCED)) completed(type, outcome);
        }
    }

    @Override
    public void run(PipelineJobRequest request) throws Exception {
        JobContext context = ThreadLocalJobContext.getJobContext();
        UUID jobId = context.getJobId();
        MDC.put(PipelineRunner.MDC_JOB, jobId.toString());
        MDC.put("type", request.type());
        // why: a tag value per stray type string would let producers grow the series without bound
        String type = types.contains(request.type()) ? request.type() : UNKNOWN_TYPE;
        started(type).increment();
        Timer.Sample sample = Timer.start(meters);
        String outcome = FAILED;
        try {
            CheckpointView view = runner.run(jobId.toString(), request.type(), JobPayload.of(request.payload()),
                    DashboardStepEvents.forCurrentJob(), context.getCreatedAt());
            finished.put(jobId, view);
            outcome = SUCCEEDED;
        } catch (Exception e) {
            outcome = outcomeOf(e);
            throw e;
        } finally {
            sample.stop(duration(type));
            completed(type, outcome).increment();
            MDC.remove(PipelineRunner.MDC_JOB);
            MDC.remove("type");
        }
    }

    /** The attempt's outcome as {@link JobLifecycleFilter} will decide it: waits are not failures. */
    private static String outcomeOf(Exception e) {
        if (e instanceof StaleAttemptException) return FENCED;
        if (RescheduleException.find(e) != null || JobLifecycleFilter.isShutdownInterrupt(e)) return RESCHEDULED;
        return FAILED;
    }

    private Counter started(String type) {
        return cache.get("started|" + type, () -> meters.counter(MetricNames.JOBS_STARTED, MetricNames.TAG_TYPE, type));
    }

    private Counter completed(String type, String outcome) {
        return cache.get("completed|" + type + "|" + outcome, () -> Counter.builder(MetricNames.JOBS_COMPLETED)
                .description("Job attempts by outcome").tag(MetricNames.TAG_TYPE, type).tag(MetricNames.TAG_OUTCOME, outcome).register(meters));
    }

    private Timer duration(String type) {
        return cache.get("duration|" + type, () -> Timer.builder(MetricNames.JOB_DURATION).description("One attempt of a job, start to end")
                .tag(MetricNames.TAG_TYPE, type).serviceLevelObjectives(DURATION_BUCKETS).register(meters));
    }
}
