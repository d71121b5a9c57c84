package dev.cairn.jobs;

import dev.cairn.config.CairnConfig;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Regression (found by the throughput benchmark): workers started together on a fresh schema all saved the
 * recurring DLQ cleanup at once; every one but the first failed on the duplicate key and exited.
 */
class DlqCleanupScheduleTest {

    @TempDir
    Path tmp;

    @Test
    void shouldLetWorkersStartedTogetherAllScheduleTheCleanup() {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "needs a shared PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        CairnConfig config = CairnConfig.fromEnv(TestEnv.worker(tmp.resolve("data")));
        int workers = 6;
        List<JobStorage> storages = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) storages.add(JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper()));
            CyclicBarrier together = new CyclicBarrier(workers);
            List<CompletableFuture<Void>> saves = new ArrayList<>();
            for (JobStorage storage : storages) {
                JobRequestScheduler scheduler = new JobRequestScheduler(storage.provider(), List.of());
                saves.add(CompletableFuture.runAsync(() -> {
                    try {
                        together.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    DlqCleanupJobRequest.schedule(scheduler, "0 3 * * *");
                }));
            }
            for (CompletableFuture<Void> save : saves) save.join();

            assertThat(storages.get(0).provider().getRecurringJobs()).extracting(r -> r.getId())
                    .containsExactly(DlqCleanupJobRequest.RECURRING_JOB_ID);
        } finally {
            storages.forEach(JobStorage::close);
        }
    }
}
