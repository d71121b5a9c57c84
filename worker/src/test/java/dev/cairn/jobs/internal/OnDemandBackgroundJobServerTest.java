package dev.cairn.jobs.internal;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.configuration.BackgroundJobServerThreadType;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.storage.navigation.AmountRequest;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The on-demand onboarding pass a work signal runs, on a real JobRunr server: what it reports (filled
 * its free threads, or found fewer jobs), and that it is not lost when it meets another pass of the same
 * server that read the queue before the job was saved.
 */
class OnDemandBackgroundJobServerTest {

    private static final int THREADS = 2;
    /** Each pass on a thread of its own: the common pool may have a single thread and run them one after the other. */
    private static final Executor OWN_THREAD = task -> Thread.ofPlatform().daemon().start(task);

    private final GatedStorage storage = new GatedStorage();
    private OnDemandBackgroundJobServer server;

    /** What the jobs run: nothing, but they hold their thread until the test ends (public, for JobRunr to call). */
    public static final class Held {
        private static volatile CountDownLatch release = new CountDownLatch(0);

        private Held() {
        }

        public static void hold() throws InterruptedException {
            release.await(30, TimeUnit.SECONDS);
        }
    }

    /** A job that is done at once (public, for JobRunr to call). */
    public static final class Quick {
        private Quick() {
        }

        public static void run() {
            // nothing: its thread goes straight on to save the success
        }
    }

    @BeforeEach
    void startServer() {
        Held.release = new CountDownLatch(1);
        storage.setJobMapper(new JobMapper(new JacksonJsonMapper()));
        server = new OnDemandBackgroundJobServer(storage, new JacksonJsonMapper(), null,
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                        .andPollInterval(Duration.ofSeconds(60))
                        // why: the worker's own thread type; on virtual threads every job handed over would start at once
                        .andBackgroundJobServerWorkerPolicy(new DefaultBackgroundJobServerWorkerPolicy(THREADS, BackgroundJobServerThreadType.PlatformThreads)));
        server.setJobFilters(List.of(server.workDoneFilter()));
        server.start();
        await("JobRunr's first poll, a second after start").atMost(Duration.ofSeconds(10)).until(() -> storage.queries.get() >= 1);
    }

    @AfterEach
    void stopServer() {
        Held.release.countDown();
        server.close();
    }

    private Job enqueue() {
        return storage.save(new Job(new JobDetails(Held.class.getName(), null, "hold", List.of())));
    }

    private Job enqueueQuick() {
        return storage.save(new Job(new JobDetails(Quick.class.getName(), null, "run", List.of())));
    }

    private StateName state(Job job) {
        return storage.getJobById(job.getId()).getState();
    }

    @Test
    void shouldReportThatItFilledEveryFreeThread() {
        for (int i = 0; i < THREADS + 1; i++) enqueue();

        assertThat(server.hasCapacity()).isTrue();
        assertThat(server.onboard()).as("more jobs may be waiting").isTrue();
        assertThat(server.hasCapacity()).as("jobs handed to its threads count as busy").isFalse();
    }

    @Test
    void shouldReportThatTheQueueRanDry() {
        enqueue();

        assertThat(server.onboard()).as("it took the one job with a thread to spare").isFalse();
        assertThat(server.hasCapacity()).isTrue();
    }

    @Test
    void shouldLookAgainWhenAnotherPassReadTheQueueBeforeTheJobWasSaved() throws Exception {
        storage.holdNextQuery();
        // another pass of this server (its poll, or the one after a job finished) reads an empty queue and is slow to return
        CompletableFuture<Boolean> earlier = CompletableFuture.supplyAsync(server::onboard, OWN_THREAD);
        assertThat(storage.heldQueryRead.await(10, TimeUnit.SECONDS)).isTrue();
        Job job = enqueue();

        // the signal for that job arrives while the earlier pass still holds JobRunr's onboarding task
        CompletableFuture<Boolean> signalled = CompletableFuture.supplyAsync(server::onboard, OWN_THREAD);
        // why: JobRunr skips its task while another pass holds it; returning then would leave the job to the next poll
        await("the signalled pass waits for the earlier one").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> !signalled.isDone());
        storage.releaseHeldQuery();

        assertThat(earlier.get(10, TimeUnit.SECONDS)).as("the earlier pass found nothing").isFalse();
        signalled.get(10, TimeUnit.SECONDS);
        assertThat(storage.getJobById(job.getId()).getState()).as("the signalled pass ran after it and took the job")
                .isEqualTo(StateName.PROCESSING);
    }

    @Test
    void shouldTakeTheNextJobsForThreadsThatOnlySaveTheirJobsSuccess() throws Exception {
        storage.holdSuccesses();
        List<Job> first = List.of(enqueueQuick(), enqueueQuick());
        server.onboard();
        assertThat(storage.successesHeld.await(10, TimeUnit.SECONDS)).as("both threads are saving their job's success").isTrue();
        assertThat(first).as("still PROCESSING while their success is saved").allSatisfy(job -> assertThat(state(job)).isEqualTo(StateName.PROCESSING));
        assertThat(server.heldJobIds()).as("held jobs, as the worker's lease names them, include those whose outcome is being saved")
                .containsExactlyInAnyOrder(ids(first).toArray(String[]::new));
        List<Job> next = List.of(enqueueQuick(), enqueueQuick());

        assertThat(server.hasCapacity()).as("a thread that only saves its job's outcome counts as free").isTrue();
        server.onboard();
        assertThat(next).as("taken while the saves are under way, to start once they return")
                .allSatisfy(job -> assertThat(state(job)).isEqualTo(StateName.PROCESSING));
        List<String> held = new ArrayList<>(ids(first));
        held.addAll(ids(next));
        assertThat(server.heldJobIds()).as("held jobs, as the worker's lease names them, include those not started yet")
                .containsExactlyInAnyOrderElementsOf(held);

        Job beyond = enqueueQuick();
        assertThat(server.hasCapacity()).as("one job per thread, plus one per thread that is saving").isFalse();
        server.onboard();
        assertThat(state(beyond)).isEqualTo(StateName.ENQUEUED);

        storage.releaseSuccesses();
        await("every job done").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(List.of(first.get(0), first.get(1), next.get(0), next.get(1)))
                .allSatisfy(job -> assertThat(state(job)).isEqualTo(StateName.SUCCEEDED)));
        server.onboard();
        await("the last job done").atMost(Duration.ofSeconds(10)).until(() -> state(beyond) == StateName.SUCCEEDED);
        await("nothing held once every job is done").atMost(Duration.ofSeconds(10)).until(() -> server.heldJobIds().isEmpty());
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(job -> job.getId().toString()).toList();
    }

    /** In-memory job storage whose next onboarding query, once it has read the queue, can be held before it returns. */
    private static final class GatedStorage extends InMemoryStorageProvider {
        final AtomicInteger queries = new AtomicInteger();
        final CountDownLatch heldQueryRead = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean holdNext;
        final CountDownLatch successesHeld = new CountDownLatch(THREADS);
        private final CountDownLatch successesReleased = new CountDownLatch(1);
        private volatile boolean holdSuccesses;

        /** Saves of a success wait until {@link #releaseSuccesses()}, the first {@value #THREADS} counted in {@link #successesHeld}. */
        void holdSuccesses() {
            holdSuccesses = true;
        }

        void releaseSuccesses() {
            successesReleased.countDown();
        }

        @Override
        public Job save(Job job) {
            if (holdSuccesses && job.getState() == StateName.SUCCEEDED) {
                successesHeld.countDown();
                try {
                    successesReleased.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.save(job);
        }

        void holdNextQuery() {
            holdNext = true;
        }

        void releaseHeldQuery() {
            release.countDown();
        }

        @Override
        public List<Job> getJobsToProcess(BackgroundJobServer backgroundJobServer, AmountRequest amountRequest) {
            List<Job> taken = super.getJobsToProcess(backgroundJobServer, amountRequest);
            queries.incrementAndGet();
            if (holdNext) {
                holdNext = false;
                heldQueryRead.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return taken;
        }
    }
}
