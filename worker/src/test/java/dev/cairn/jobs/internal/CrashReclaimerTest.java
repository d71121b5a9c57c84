package dev.cairn.jobs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.config.CairnConfig;
import dev.cairn.fleet.WorkerInfo;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.redis.RedisKeys;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.MutableClock;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.filters.JobDefaultFilters;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.Page;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.ThreadSafeStorageProvider;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.storage.navigation.PageRequest;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reclaimer on a real job storage and Redis: which PROCESSING jobs it hands back (lease expired
 * and silent in JobRunr), which it leaves alone (worker still updating them, or silent so long that
 * JobRunr's orphan task has them), and that a job is handed back once however many workers try.
 */
class CrashReclaimerTest {

    private static final Duration STALE_AFTER = Duration.ofMillis(7_500);
    private static final Duration HAND_OVER_AFTER = Duration.ofMillis(17_500);
    private static final Duration TTL = Duration.ofMillis(200);

    @TempDir
    Path tmp;
    private JobStorage storage;
    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final WorkerLeases leases = WorkerLeases.redis(TestRedis.client(), keys, TTL, new ObjectMapper());
    /** Same keys, a long TTL: the lease of a worker that stays alive through the test. */
    private final WorkerLeases liveLeases = WorkerLeases.redis(TestRedis.client(), keys, Duration.ofMinutes(1), new ObjectMapper());
    private final MutableClock clock = new MutableClock(Instant.now());

    @BeforeEach
    void openStorage() {
        CairnConfig config = CairnConfig.fromEnv(TestEnv.worker(tmp.resolve("data")));
        storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
    }

    @AfterEach
    void close() {
        storage.close();
        TestRedis.client().del(keys.workers("leases"), keys.workers("info"));
    }

    private CrashReclaimer reclaimer() {
        return new CrashReclaimer(leases, storage.provider(), JobDefaultFilters::new, STALE_AFTER, HAND_OVER_AFTER, clock,
                new SimpleMeterRegistry());
    }

    /** A job saved as PROCESSING on {@code server}, last updated {@code silentFor} before the clock's now. */
    private Job processingOn(UUID server, Duration silentFor) {
        Instant updated = clock.instant().minus(silentFor);
        JobDetails details = new JobDetails(new PipelineJobRequest("test", Map.of("n", 1)));
        Job job = new Job(UUID.randomUUID(), 0, details,
                List.of(new EnqueuedState(), new ProcessingState(server, "worker-" + server, updated.minusSeconds(1), updated)),
                new ConcurrentHashMap<>());
        return storage.provider().save(job);
    }

    /** The worker's lease, naming the jobs it ran at its last renewal, has run out. */
    private void leaseExpired(UUID server, Job... running) {
        leases.renew(new WorkerInfo(server.toString(), "worker-" + server,
                Stream.of(running).map(job -> job.getId().toString()).toList(), 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> leases.expired(100).stream().anyMatch(l -> l.serverId().equals(server.toString())));
    }

    private Job reload(Job job) {
        return storage.provider().getJobById(job.getId());
    }

    @Test
    void shouldHandBackTheSilentJobsOfAWorkerWhoseLeaseExpired() {
        UUID dead = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        Job orphan = processingOn(dead, Duration.ofSeconds(10));
        Job other = processingOn(alive, Duration.ofSeconds(10));
        leaseExpired(dead, orphan);
        liveLeases.renew(new WorkerInfo(alive.toString(), "alive", List.of(), 0));

        assertThat(reclaimer().reclaim()).isEqualTo(1);

        Job handedBack = reload(orphan);
        assertThat(handedBack.getState()).isNotEqualTo(StateName.PROCESSING);
        assertThat(handedBack.getLastJobStateOfType(FailedState.class)).hasValueSatisfying(failed -> {
            assertThat(failed.getExceptionType()).isEqualTo(RetryPolicy.ORPHAN_EXCEPTION);
            assertThat(failed.getExceptionMessage()).contains("worker-" + dead, "stopped renewing its lease");
        });
        assertThat(reload(other).getState()).as("a worker with a live lease keeps its job").isEqualTo(StateName.PROCESSING);
        assertThat(leases.expired(100)).as("a job it took after its last renewal may not be stale yet").isNotEmpty();
        clock.advance(STALE_AFTER.plusSeconds(2));
        reclaimer().reclaim();
        assertThat(leases.expired(100)).as("the dead worker runs nothing any more: its lease is forgotten").isEmpty();
    }

    @Test
    void shouldNotTouchAJobItsWorkerStillUpdatesThoughItsLeaseExpired() {
        UUID cutOffFromRedis = UUID.randomUUID();
        Job job = processingOn(cutOffFromRedis, Duration.ofSeconds(2));
        leaseExpired(cutOffFromRedis, job);

        assertThat(reclaimer().reclaim()).isZero();

        assertThat(reload(job).getState()).isEqualTo(StateName.PROCESSING);
        assertThat(leases.expired(100)).as("kept until its jobs go quiet or it renews").hasSize(1);
        clock.advance(Duration.ofSeconds(6));
        assertThat(reclaimer().reclaim()).as("once silent for 1.5 poll intervals, it is handed back").isEqualTo(1);
    }

    @Test
    void shouldLeaveJobsSilentForLongToJobRunrsOrphanTask() {
        UUID dead = UUID.randomUUID();
        Job job = processingOn(dead, Duration.ofSeconds(30));
        leaseExpired(dead, job);

        assertThat(reclaimer().reclaim()).isZero();

        assertThat(reload(job).getState()).as("JobRunr's orphan task takes it; the two never race").isEqualTo(StateName.PROCESSING);
    }

    @Test
    void shouldHandAJobBackOnceWhenSeveralWorkersReclaimAtOnce() {
        UUID dead = UUID.randomUUID();
        Job job = processingOn(dead, Duration.ofSeconds(10));
        leaseExpired(dead, job);
        List<CrashReclaimer> fleet = List.of(reclaimer(), reclaimer(), reclaimer(), reclaimer());

        int handedBack = fleet.stream().map(r -> CompletableFuture.supplyAsync(r::reclaim)).toList()
                .stream().mapToInt(CompletableFuture::join).sum();

        assertThat(handedBack).isEqualTo(1);
        assertThat(reload(job).getJobStates()).filteredOn(s -> s instanceof FailedState).hasSize(1);
    }

    @Test
    void shouldDoNothingWhileNoLeaseExpired() {
        UUID alive = UUID.randomUUID();
        Job job = processingOn(alive, Duration.ofSeconds(10));
        liveLeases.renew(new WorkerInfo(alive.toString(), "alive", List.of(), 0));

        assertThat(reclaimer().reclaim()).isZero();
        assertThat(reload(job).getState()).isEqualTo(StateName.PROCESSING);
    }

    @Test
    void shouldFindADeadWorkersJobsByTheIdsItsLeaseNamesAndTheOthersWithOneScanOnceAllAreStale() {
        UUID dead = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        Job orphan = processingOn(dead, Duration.ofSeconds(10));
        Job notNamed = processingOn(dead, Duration.ofSeconds(1)); // taken after the lease's last renewal, just before the worker died
        for (int i = 0; i < 20; i++) processingOn(alive, Duration.ofSeconds(10));
        liveLeases.renew(new WorkerInfo(alive.toString(), "alive", List.of(), 0));
        leaseExpired(dead, orphan);
        AtomicInteger listed = new AtomicInteger();
        AtomicInteger byId = new AtomicInteger();
        StorageProvider counting = new ThreadSafeStorageProvider(storage.provider()) {
            @Override
            public List<Job> getJobList(StateName state, Instant updatedBefore, AmountRequest amount) {
                listed.incrementAndGet();
                return super.getJobList(state, updatedBefore, amount);
            }

            @Override
            public List<Job> getJobList(StateName state, AmountRequest amount) {
                listed.incrementAndGet();
                return super.getJobList(state, amount);
            }

            @Override
            public Page<Job> getJobs(StateName state, PageRequest page) {
                listed.incrementAndGet();
                return super.getJobs(state, page);
            }

            @Override
            public Job getJobById(UUID id) {
                byId.incrementAndGet();
                return super.getJobById(id);
            }
        };
        CrashReclaimer reclaimer = new CrashReclaimer(leases, counting, JobDefaultFilters::new, STALE_AFTER, HAND_OVER_AFTER, clock,
                new SimpleMeterRegistry());

        assertThat(reclaimer.reclaim()).isEqualTo(1);

        assertThat(reload(orphan).getState()).isNotEqualTo(StateName.PROCESSING);
        assertThat(listed).as("no listing of the fleet's PROCESSING jobs").hasValue(0);
        assertThat(byId).as("one read of the one job the lease named").hasValue(1);
        assertThat(reload(notNamed).getState()).as("taken after the last renewal: not stale yet").isEqualTo(StateName.PROCESSING);
        assertThat(leases.expired(100)).as("kept until every job the worker may have held is stale").isNotEmpty();

        clock.advance(STALE_AFTER.plusSeconds(2));
        assertThat(reclaimer.reclaim()).as("the job the lease did not name").isEqualTo(1);
        assertThat(reload(notNamed).getState()).isNotEqualTo(StateName.PROCESSING);
        assertThat(listed).as("one listing of the PROCESSING jobs, once they are all stale").hasValue(1);
        assertThat(leases.expired(100)).as("the dead worker runs nothing any more: its lease is forgotten").isEmpty();
        assertThat(reclaimer.reclaim()).isZero();
        assertThat(listed).as("no more listings").hasValue(1);
    }
}
