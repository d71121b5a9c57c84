package dev.cairn.jobs.internal;

import dev.cairn.config.CairnConfig;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.TestEnv;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.jobs.states.ProcessingState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.ThreadSafeStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The job server's saves of succeeded jobs on the real job storage: successes that arrive while the
 * storage is busy saving others are stored together by the next save, each caller returns only once its
 * own job is stored, and a job changed meanwhile fails its own save only.
 */
class GroupedSuccessSaveTest {

    @TempDir
    Path dir;

    private JobStorage storage;
    /** The bulk saves that reached the storage, by size. */
    private final List<Integer> bulkSaves = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger savesToHold = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private ExecutorService threads;

    @BeforeEach
    void open() {
        CairnConfig config = CairnConfig.fromEnv(TestEnv.worker(dir.resolve("data")));
        storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void close() {
        release.countDown();
        threads.shutdownNow();
        storage.close();
    }

    /** @return the storage as the job server gets it, above one that counts bulk saves and holds the first ones */
    private StorageProvider serverStorage() {
        StorageProvider counting = new ThreadSafeStorageProvider(storage.provider()) {
            @Override
            public List<Job> save(List<Job> jobs) {
                bulkSaves.add(jobs.size());
                if (savesToHold.getAndDecrement() > 0) {
                    held.incrementAndGet();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                // why not super: JobRunr's thread-safe save locks every job of the list, and each is locked by its own
                // waiting caller (as the server's wrapper does); the grouping saves below those locks, on the storage itself
                return storage.provider().save(jobs);
            }
        };
        // as JobRunr's server does: its own thread-safe wrapper around what it is given
        return new ThreadSafeStorageProvider(JobServerStorage.groupingSuccesses(counting));
    }

    private List<Job> processingJobs(int n) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(new Job(UUID.randomUUID(), 0, new JobDetails("java.lang.Thread", null, "onSpinWait", List.of()),
                    new ArrayList<>(List.of(new EnqueuedState(), new ProcessingState(UUID.randomUUID(), "test"))), new ConcurrentHashMap<>()));
        }
        storage.provider().save(jobs);
        return jobs;
    }

    @Test
    void shouldStoreSuccessesThatArriveWhileEverySaveSlotIsBusyTogetherInTheNextSave() throws Exception {
        StorageProvider server = serverStorage();
        List<Job> jobs = processingJobs(12);
        savesToHold.set(2); // the grouping's two saves under way at once
        List<Future<?>> saves = new ArrayList<>();
        for (Job job : jobs.subList(0, 2)) saves.add(threads.submit(() -> server.save(job.succeeded())));
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.get() == 2);
        for (Job job : jobs.subList(2, 12)) saves.add(threads.submit(() -> server.save(job.succeeded())));
        // the ten wait for a free slot: none of them is stored yet
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> bulkSaves.size() == 2);
        assertThat(saves.subList(2, 12)).noneMatch(Future::isDone);

        release.countDown();
        for (Future<?> save : saves) save.get(10, TimeUnit.SECONDS);

        assertThat(bulkSaves).containsExactly(1, 1, 10);
        for (Job job : jobs) assertThat(storage.provider().getJobById(job.getId()).getState()).isEqualTo(StateName.SUCCEEDED);
    }

    @Test
    void shouldFailOnlyTheSaveOfAJobChangedMeanwhileInItsGroup() throws Exception {
        StorageProvider server = serverStorage();
        List<Job> jobs = processingJobs(4);
        // another thread (the dashboard, a steward) changed job 3 in storage since this server read it
        Job changed = storage.provider().getJobById(jobs.get(3).getId());
        storage.provider().save(changed.delete("deleted from the dashboard"));
        savesToHold.set(2);
        List<Future<?>> saves = new ArrayList<>();
        for (Job job : jobs.subList(0, 2)) saves.add(threads.submit(() -> server.save(job.succeeded())));
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.get() == 2);
        for (Job job : jobs.subList(2, 4)) saves.add(threads.submit(() -> server.save(job.succeeded())));
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> bulkSaves.size() == 2);
        release.countDown();

        for (Future<?> save : saves.subList(0, 3)) save.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> saves.get(3).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ConcurrentJobModificationException.class);
        assertThat(bulkSaves).containsExactly(1, 1, 2);
        assertThat(storage.provider().getJobById(jobs.get(2).getId()).getState()).isEqualTo(StateName.SUCCEEDED);
        assertThat(storage.provider().getJobById(jobs.get(3).getId()).getState()).isEqualTo(StateName.DELETED);
    }

    @Test
    void shouldSaveEveryOtherStateOnItsOwn() {
        StorageProvider server = serverStorage();
        Job job = processingJobs(1).getFirst();
        server.save(job.failed("boom", new IllegalStateException("boom")));
        assertThat(bulkSaves).isEmpty();
        assertThat(storage.provider().getJobById(job.getId()).getState()).isEqualTo(StateName.FAILED);
    }
}
