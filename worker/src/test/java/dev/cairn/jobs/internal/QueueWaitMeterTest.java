package dev.cairn.jobs.internal;

import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.jobs.DlqCleanupJobRequest;
import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn_job_queue_wait_seconds}: from the moment a job was ready (enqueued, or due) to the start of
 * its attempt, read from JobRunr's state history the way {@link FailureElection} and {@link QueuePosition}
 * write it.
 */
class QueueWaitMeterTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private QueueWaitMeter meterStartingAt(Instant start) {
        return new QueueWaitMeter(Set.of("test"), registry, Clock.fixed(start, ZoneOffset.UTC));
    }

    private static Job job(String type, JobState... states) {
        return new Job(UUID.randomUUID(), 1, new JobDetails(new PipelineJobRequest(type, Map.of("n", 1))), new ArrayList<>(List.of(states)),
                new ConcurrentHashMap<>());
    }

    private static ProcessingState processing(Instant at) {
        return new ProcessingState(UUID.randomUUID(), "w", at, at);
    }

    private static FailedState failed(Instant at) {
        return new FailedState("An exception occurred during the performance of the job", IllegalStateException.class.getName(),
                "flaky", null, null, "", false, at);
    }

    private Timer timer(String type) {
        return registry.find(MetricNames.JOB_QUEUE_WAIT).tag(MetricNames.TAG_TYPE, type).timer();
    }

    private double waitedSeconds(String type) {
        return timer(type).totalTime(TimeUnit.MILLISECONDS) / 1000.0;
    }

    @Test
    void shouldRegisterEveryPipelinesHistogramAtZero() {
        meterStartingAt(T0);

        assertThat(timer("test")).isNotNull();
        assertThat(timer("test").count()).isZero();
    }

    @Test
    void shouldMeasureAJobFromItsEnqueueToTheStartOfItsAttempt() {
        Job job = job("test", new EnqueuedState(T0), processing(T0.plusMillis(3_200)));

        meterStartingAt(T0.plusMillis(3_250)).onProcessing(job);

        assertThat(timer("test").count()).isEqualTo(1);
        assertThat(waitedSeconds("test")).isEqualTo(3.25);
    }

    @Test
    void shouldMeasureARetriedJobFromItsDueTimeNotFromWhenTheSchedulerEnqueuedIt() {
        Instant due = T0.plusSeconds(12);
        Job job = job("test", new EnqueuedState(T0), processing(T0.plusSeconds(1)), failed(T0.plusSeconds(2)),
                new ScheduledState(due, RetryPolicy.RETRY_REASON_PREFIX + "1 of 2", T0.plusSeconds(2)),
                // JobRunr's scheduler moves due jobs at its next poll
                new EnqueuedState(T0.plusSeconds(20)), processing(T0.plusSeconds(21)));

        meterStartingAt(T0.plusSeconds(21)).onProcessing(job);

        assertThat(timer("test").count()).isEqualTo(1);
        assertThat(waitedSeconds("test")).isEqualTo(9.0);
    }

    @Test
    void shouldMeasureACrashRecoveryFromItsRecoveryNotFromItsOriginalPlaceInTheQueue() {
        Instant recovered = T0.plusSeconds(300);
        // QueuePosition dates the new enqueued state back to the job's creation, so it keeps its turn
        Job job = job("test", new EnqueuedState(T0), processing(T0.plusSeconds(1)), failed(recovered),
                new ScheduledState(recovered, RetryPolicy.CRASH_REASON_PREFIX + "1 of 3", recovered),
                new EnqueuedState(T0), processing(recovered.plusSeconds(2)));

        meterStartingAt(recovered.plusSeconds(2)).onProcessing(job);

        assertThat(waitedSeconds("test")).isEqualTo(2.0);
    }

    @Test
    void shouldMeasureAJobEnqueuedBeforeItWasDueFromItsEnqueue() {
        // an operator enqueued a job scheduled an hour ahead
        Job job = job("test", new ScheduledState(T0.plusSeconds(3600), "later", T0), new EnqueuedState(T0.plusSeconds(10)),
                processing(T0.plusSeconds(14)));

        meterStartingAt(T0.plusSeconds(14)).onProcessing(job);

        assertThat(waitedSeconds("test")).isEqualTo(4.0);
    }

    @Test
    void shouldRecordZeroWhenTheStartingWorkersClockIsBehind() {
        Job job = job("test", new EnqueuedState(T0), processing(T0));

        meterStartingAt(T0.minusMillis(40)).onProcessing(job);

        assertThat(timer("test").count()).isEqualTo(1);
        assertThat(waitedSeconds("test")).isZero();
    }

    @Test
    void shouldRecordAStrayTypeAsUnknownAndSkipJobsOfNoPipeline() {
        QueueWaitMeter meter = meterStartingAt(T0.plusSeconds(1));

        meter.onProcessing(job("no-such-pipeline", new EnqueuedState(T0), processing(T0.plusSeconds(1))));
        meter.onProcessing(new Job(UUID.randomUUID(), 1, new JobDetails(new DlqCleanupJobRequest()),
                new ArrayList<>(List.of(new EnqueuedState(T0), processing(T0.plusSeconds(1)))), new ConcurrentHashMap<>()));

        assertThat(timer(PipelineJobRunner.UNKNOWN_TYPE).count()).isEqualTo(1);
        assertThat(registry.find(MetricNames.JOB_QUEUE_WAIT).timers()).extracting(t -> t.getId().getTag(MetricNames.TAG_TYPE))
                .containsExactlyInAnyOrder("test", PipelineJobRunner.UNKNOWN_TYPE);
        assertThat(Duration.ofMillis((long) timer(PipelineJobRunner.UNKNOWN_TYPE).totalTime(TimeUnit.MILLISECONDS))).isEqualTo(Duration.ofSeconds(1));
    }
}
