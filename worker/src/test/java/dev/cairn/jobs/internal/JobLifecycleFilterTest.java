package dev.cairn.jobs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.api.pipeline.Pipeline;
import dev.cairn.api.pipeline.Step;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.CairnConfig;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.pipeline.DrainSignal;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.pipeline.PipelineRunner;
import dev.cairn.redis.RedisKeys;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import dev.cairn.redis.RedisUnavailableException;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.ScheduledState;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures reach the dead-letter queue when JobRunr applies a FAILED state. Regression: the chaos
 * soak found a job in the DLQ that was being retried (and then succeeded). JobRunr's steward saves the
 * same {@link Job} object the job's thread is failing, so it can apply FAILED before this filter's
 * election scheduled the retry; only a failure the election left final may be shipped.
 */
class JobLifecycleFilterTest {

    @TempDir
    Path tmp;
    private JobStorage storage;
    private DeadLetterQueue dlq;
    private JobLifecycleFilter filter;
    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void setUp() {
        CairnConfig config = CairnConfig.fromEnv(TestEnv.worker(tmp.resolve("data")));
        storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        dlq = DeadLetterQueue.redis(TestRedis.client(), keys, config.dlq(), clock, meters);
        CheckpointStore checkpoints = CheckpointStore.disabled(clock);
        PipelineRunner runner = new PipelineRunner(PipelineRegistry.of(Pipeline.of("test", List.of(Step.of("work", ctx -> { })))),
                checkpoints, config.directories(), new DrainSignal(), meters);
        DeadLetterShipper shipper = new DeadLetterShipper(dlq, storage.provider(), checkpoints, Duration.ofDays(30), Optional.empty(), clock);
        filter = new JobLifecycleFilter(new RetryPolicy(2, 1, 3), new FinishedCheckpoints(), checkpoints, runner, new ObjectMapper(), shipper, clock);
    }

    @AfterEach
    void tearDown() {
        storage.close();
        for (String part : List.of("entries", "index", "by-time", "types", "signatures", "shipped")) TestRedis.client().del(keys.dlq(part));
    }

    private static Job processing() {
        JobDetails details = new JobDetails(new PipelineJobRequest("test", Map.of("n", 1)));
        return new Job(UUID.randomUUID(), 1, details, List.of(new EnqueuedState(),
                new ProcessingState(UUID.randomUUID(), "w", Instant.now(), Instant.now())), new ConcurrentHashMap<>());
    }

    /** What JobRunr does after the election: each state change is applied in turn. */
    private void applyChanges(Job job, JobState before) {
        List<JobState> states = job.getJobStates();
        int from = states.indexOf(before);
        for (int i = from + 1; i < states.size(); i++) filter.onStateApplied(job, states.get(i - 1), states.get(i));
    }

    @Test
    void shouldNotShipAFailureAppliedBeforeItsElection() {
        Job job = processing();
        JobState processing = job.getJobState();
        job.failed("An exception occurred during the performance of the job", new IllegalStateException("flaky"));

        // JobRunr's steward thread applies the FAILED state the job thread has just added
        filter.onStateApplied(job, processing, job.getJobState());
        assertThat(dlq.find(job.getId().toString())).as("not elected yet: may still be retried").isEmpty();

        filter.onStateElection(job, job.getJobState());
        assertThat(job.getState()).as("a retry is scheduled").isEqualTo(StateName.SCHEDULED);
        applyChanges(job, processing);
        assertThat(dlq.find(job.getId().toString())).as("a job being retried is not dead").isEmpty();
    }

    @Test
    void shouldShipAFailureItsElectionLeftFinal() {
        Job job = processing();
        JobState processing = job.getJobState();
        job.failed("An exception occurred during the performance of the job", CairnException.permanent("the input is unusable"));

        filter.onStateElection(job, job.getJobState());
        assertThat(job.getState()).isEqualTo(StateName.FAILED);
        applyChanges(job, processing);

        assertThat(dlq.find(job.getId().toString())).hasValueSatisfying(entry ->
                assertThat(entry.errorMessage()).contains("the input is unusable"));
    }

    /** A job that already waited {@code waited} for Redis (one reschedule of that length) and is running again. */
    private static Job runningAfterRedisWaits(Duration waited) {
        JobDetails details = new JobDetails(new PipelineJobRequest("test", Map.of("n", 1)));
        Instant now = Instant.now();
        ScheduledState wait = new ScheduledState(now.plus(waited), RetryPolicy.REDIS_WAIT_REASON_PREFIX + "beginning job x (JedisConnectionException)");
        return new Job(UUID.randomUUID(), 5, details, List.of(new EnqueuedState(),
                new ProcessingState(UUID.randomUUID(), "w", now, now),
                new FailedState("An exception occurred during the performance of the job", redisDown()),
                wait, new EnqueuedState(), new ProcessingState(UUID.randomUUID(), "w", now, now)), new ConcurrentHashMap<>());
    }

    private static RedisUnavailableException redisDown() {
        return new RedisUnavailableException("beginning job x", new redis.clients.jedis.exceptions.JedisConnectionException("Connection refused"));
    }

    /**
     * Issue #14 item 6: a job waited for Redis every 15 s for ever; past CAIRN_JOB_MAX_REDIS_WAIT (default 1 h)
     * of waits in total it fails for good and reaches the DLQ with a reason that says so.
     */
    @Test
    void shouldFailAJobThatWaitedForRedisLongerThanTheCap() {
        Job patient = runningAfterRedisWaits(Duration.ofMinutes(50));
        patient.failed("An exception occurred during the performance of the job", redisDown());
        filter.onStateElection(patient, patient.getJobState());
        assertThat(patient.getState()).as("50 min of waits: it waits again").isEqualTo(StateName.SCHEDULED);

        Job job = runningAfterRedisWaits(Duration.ofMinutes(61));
        JobState processing = job.getJobState();
        job.failed("An exception occurred during the performance of the job", redisDown());
        filter.onStateElection(job, job.getJobState());

        assertThat(job.getState()).as("61 min of waits: the wait cap is used up").isEqualTo(StateName.FAILED);
        applyChanges(job, processing);
        assertThat(dlq.find(job.getId().toString())).hasValueSatisfying(entry ->
                assertThat(entry.errorMessage()).startsWith("gave up waiting for Redis after 60 min of waits in total (CAIRN_JOB_MAX_REDIS_WAIT is used up): Redis is unreachable")
                        .doesNotContain("the job waits"));
    }
}
