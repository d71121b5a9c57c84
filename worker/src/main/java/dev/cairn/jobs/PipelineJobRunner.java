package dev.cairn.jobs;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.jobrunr.PipelineJobHandler;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.metrics.MetricNames;
import dev.cairn.pipeline.PipelineRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jobrunr.server.runner.ThreadLocalJobContext;
import org.slf4j.MDC;

import java.util.UUID;

/**
 * The worker's implementation of {@link PipelineJobHandler}: JobRunr calls it for every Cairn job and
 * it runs the job's pipeline against its checkpoint.
 */
public final class PipelineJobRunner extends PipelineJobHandler {

    private final PipelineRunner runner;
    private final FinishedCheckpoints finished;
    private final MeterRegistry meters;

    public PipelineJobRunner(PipelineRunner runner, FinishedCheckpoints finished, MeterRegistry meters) {
        this.runner = runner;
        this.finished = finished;
        this.meters = meters;
    }

    @Override
    public void run(PipelineJobRequest request) throws Exception {
        UUID jobId = ThreadLocalJobContext.getJobContext().getJobId();
        MDC.put(PipelineRunner.MDC_JOB, jobId.toString());
        MDC.put("type", request.type());
        meters.counter(MetricNames.JOBS_STARTED, MetricNames.TAG_TYPE, request.type()).increment();
        Timer.Sample sample = Timer.start(meters);
        try {
            CheckpointView view = runner.run(jobId.toString(), request.type(), JobPayload.of(request.payload()),
                    DashboardStepEvents.forCurrentJob());
            finished.put(jobId, view);
        } finally {
            sample.stop(meters.timer(MetricNames.JOB_DURATION, MetricNames.TAG_TYPE, request.type()));
            MDC.remove(PipelineRunner.MDC_JOB);
            MDC.remove("type");
        }
    }
}
