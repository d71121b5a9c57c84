package dev.cairn.jobs.internal;

import dev.cairn.jobs.IdempotencyConflictException;
import dev.cairn.jobs.JobService;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.chapter.ChapterGenerationPipeline;
import dev.cairn.chapter.TestProviders;
import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.config.CairnConfig;
import dev.cairn.testing.CountingWorkSignal;
import dev.cairn.pipeline.PipelineRegistry;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.TestEnv;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.jobs.AbstractJob;
import org.jobrunr.jobs.filters.JobClientFilter;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/jobs} under concurrency, on the real job storage: submissions that arrive while an
 * insert is under way are stored together by the next insert (group commit), and submissions racing with
 * one idempotency key end as one job and duplicates, never as "job storage is unavailable".
 */
class SingleSubmitGroupCommitTest {

    @TempDir
    Path dir;

    private JobStorage storage;
    private TestProviders providers;
    private final CountingWorkSignal signals = new CountingWorkSignal();
    private final AtomicReference<CountDownLatch> holdInserts = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger insertsToHold = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Thread> inserting = new ArrayList<>();

    @BeforeEach
    void open() {
        storage = JobStorage.open(CairnConfig.fromEnv(TestEnv.worker(dir.resolve("data"))).storage(),
                CairnConfig.fromEnv(TestEnv.worker(dir.resolve("data"))).directories(), new JacksonJsonMapper());
        providers = new TestProviders();
    }

    @AfterEach
    void close() {
        providers.close();
        storage.close();
    }

    private JobService service() {
        // a filter JobRunr runs on every job it creates: it holds the first inserts while the test wants them held
        JobClientFilter hold = new JobClientFilter() {
            @Override
            public void onCreating(AbstractJob job) {
                CountDownLatch latch = holdInserts.get();
                if (latch == null || insertsToHold.getAndDecrement() <= 0) return;
                synchronized (inserting) {
                    inserting.add(Thread.currentThread());
                }
                try {
                    latch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        return JobService.create(PipelineRegistry.of(new ChapterGenerationPipeline(providers.offline(), dir.resolve("out"))),
                storage.provider(), new JobRequestScheduler(storage.provider(), List.of(hold)), CheckpointStore.disabled(Clock.systemUTC()),
                dir.resolve("out"), new ObjectMapper(), signals, new SimpleMeterRegistry());
    }

    @Test
    void shouldStoreSubmissionsThatArriveWhileEveryInsertSlotIsBusyTogetherInTheNextInsert() throws Exception {
        JobService jobs = service();
        int slots = 3; // GroupInserter.MAX_IN_FLIGHT
        CountDownLatch release = new CountDownLatch(1);
        insertsToHold.set(slots);
        holdInserts.set(release);
        ExecutorService pool = Executors.newFixedThreadPool(slots + 7);
        try {
            List<Future<JobService.SubmitResult>> results = new ArrayList<>();
            // one at a time, each held before the next: two submitted at once could share an insert (group commit),
            // and then one slot would stay free
            for (int i = 0; i < slots; i++) {
                int n = i;
                results.add(pool.submit(() -> jobs.submit(JobSubmission.chapter("First " + n, 1, null))));
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    synchronized (inserting) {
                        return inserting.size() == n + 1;
                    }
                });
            }
            List<Thread> waiting = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    synchronized (waiting) {
                        waiting.add(Thread.currentThread());
                    }
                    return jobs.submit(JobSubmission.chapter("Queued " + n, 1, null));
                }));
            }
            // the seven wait for a held insert to finish
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                synchronized (waiting) {
                    return waiting.size() == 7 && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
                }
            });

            release.countDown();

            for (Future<JobService.SubmitResult> f : results) assertThat(f.get(30, TimeUnit.SECONDS).created()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(slots + 7);
        // three held inserts of one job each, then one insert for the seven that queued behind them: four wake-ups, not ten
        assertThat(signals.sent()).isEqualTo(slots + 1);
    }

    @Test
    void shouldEndSubmissionsRacingWithOneKeyAsOneJobAndDuplicates() throws Exception {
        JobService jobs = service();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<JobService.SubmitResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return jobs.submit(JobSubmission.chapter("Same", 2, null).withIdempotencyKey("race"));
                }));
            }
            start.countDown();
            List<JobService.SubmitResult> done = new ArrayList<>();
            for (Future<JobService.SubmitResult> f : results) done.add(f.get(30, TimeUnit.SECONDS));

            assertThat(done).extracting(JobService.SubmitResult::jobId).containsOnly(done.get(0).jobId());
            assertThat(done).filteredOn(JobService.SubmitResult::created).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(1);
    }

    @Test
    void shouldAnswerConflictToRacingSubmissionsWithOneKeyAndAnotherPayload() throws Exception {
        JobService jobs = service();
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JobService.SubmitResult>> first = new ArrayList<>();
        List<Future<JobService.SubmitResult>> second = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                // why: two payloads under one key, interleaved, all released at once
                JobSubmission submission = JobSubmission.chapter(i % 2 == 0 ? "Payload A" : "Payload B", 2, null)
                        .withIdempotencyKey("race-two-payloads");
                (i % 2 == 0 ? first : second).add(pool.submit(() -> {
                    start.await();
                    return jobs.submit(submission);
                }));
            }
            start.countDown();
            Outcomes a = Outcomes.of(first);
            Outcomes b = Outcomes.of(second);

            assertThat(a.created + b.created).as("exactly one submission creates the job").isEqualTo(1);
            Outcomes winner = a.created == 1 ? a : b;
            Outcomes loser = a.created == 1 ? b : a;
            assertThat(winner.duplicates).as("the winner's payload: the same job, not created again").isEqualTo(threads / 2 - 1);
            assertThat(winner.conflicts).isZero();
            assertThat(loser.conflicts).as("the other payload: 409 idempotency_conflict, never a silent 202").isEqualTo(threads / 2);
            assertThat(loser.created + loser.duplicates).isZero();
        } finally {
            pool.shutdownNow();
        }
        assertThat(storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(1);
    }

    /** How the submissions of one payload ended. */
    private record Outcomes(int created, int duplicates, int conflicts) {
        static Outcomes of(List<Future<JobService.SubmitResult>> results) throws Exception {
            int created = 0;
            int duplicates = 0;
            int conflicts = 0;
            for (Future<JobService.SubmitResult> f : results) {
                try {
                    if (f.get(30, TimeUnit.SECONDS).created()) created++;
                    else duplicates++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(IdempotencyConflictException.class);
                    conflicts++;
                }
            }
            return new Outcomes(created, duplicates, conflicts);
        }
    }
}
