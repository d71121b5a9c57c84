package dev.cairn.jobs.internal;

import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.metrics.MeterCache;
import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.JobServerFilter;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Records {@code cairn_job_queue_wait_seconds{type}} once per attempt, when JobRunr starts it: it calls
 * {@link #onProcessing} on the thread that runs the job, just before the job runs. The wait is
 * {@link QueueWait}'s, up to this worker's clock. Jobs that are no pipeline's (the DLQ cleanup) are not recorded.
 */
public final class QueueWaitMeter implements JobServerFilter {

    /** Bounds of {@code cairn_job_queue_wait_seconds_bucket}: a job taken at once up to a backlog of hours. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4)};

    private final Set<String> types;
    private final MeterRegistry meters;
    private final Clock clock;
    private final MeterCache cache = new MeterCache();

    /**
     * @param types  the registered pipelines' names; any other type is recorded as {@code unknown}
     * @param meters where the histogram goes
     * @param clock  the start of an attempt
     */
    public QueueWaitMeter(Set<String> types, MeterRegistry meters, Clock clock) {
        this.types = Set.copyOf(types);
        this.meters = meters;
        this.clock = clock;
        // why: the series exist from the start, so a dashboard shows a type before its first job
        for (String type : this.types) timer(type);
    }

    @Override
    public void onProcessing(Job job) {
        PipelineJobRequest request = JobRequests.pipelineRequest(job);
        if (request == null) return;
        // why: a tag value per stray type string would let producers grow the series without bound
        String type = types.contains(request.type()) ? request.type() : PipelineJobRunner.UNKNOWN_TYPE;
        QueueWait.of(job, clock.instant()).ifPresent(timer(type)::record);
    }

    private Timer timer(String type) {
        return cache.get(type, () -> Timer.builder(MetricNames.JOB_QUEUE_WAIT)
                .description("How long a job waited to start, from enqueued (or due) to the start of the attempt")
                .tag(MetricNames.TAG_TYPE, type).serviceLevelObjectives(BUCKETS).register(meters));
    }
}
