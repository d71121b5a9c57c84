package dev.cairn.runtime.internal;

import dev.cairn.config.CairnConfig;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Regression (found by the chaos soak): workers started together on a fresh schema raced to create
 * JobRunr's tables, and every one but the first exited with "relation jobrunr_jobs already exists".
 */
class JobStorageConcurrentStartTest {

    @TempDir
    Path tmp;

    @Test
    void shouldLetWorkersStartedTogetherShareAFreshSchema() {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "needs a shared PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        CairnConfig config = CairnConfig.fromEnv(env);
        int workers = 4;
        CyclicBarrier together = new CyclicBarrier(workers);
        List<CompletableFuture<JobStorage>> starts = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper());
            }));
        }
        List<JobStorage> opened = new ArrayList<>();
        try {
            for (CompletableFuture<JobStorage> start : starts) opened.add(start.join());
            assertThat(opened).hasSize(workers);
            for (JobStorage storage : opened) assertThat(storage.provider().getJobStats()).isNotNull();
        } finally {
            opened.forEach(JobStorage::close);
        }
    }
}
