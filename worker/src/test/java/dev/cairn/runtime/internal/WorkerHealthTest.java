package dev.cairn.runtime.internal;

import dev.cairn.jobs.HealthChecks.ComponentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerHealthTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldReadTheDataDirsDiskAndTheHeap() {
        WorkerHealth health = new WorkerHealth(null, null, dataDir);

        ComponentStatus disk = health.diskSpace();
        ComponentStatus memory = health.memory();

        assertThat(disk.status()).isIn(ComponentStatus.UP, ComponentStatus.LOW);
        assertThat((Long) disk.details().get("free_bytes")).isPositive()
                .isLessThanOrEqualTo((Long) disk.details().get("total_bytes"));
        assertThat(disk.details()).containsEntry("path", dataDir.toString());
        assertThat((Long) memory.details().get("heap_used_bytes")).isPositive()
                .isLessThanOrEqualTo((Long) memory.details().get("heap_max_bytes"));
    }

    @Test
    void shouldSayWhyTheDiskCannotBeReadWhenTheDataDirIsGone() {
        WorkerHealth health = new WorkerHealth(null, null, dataDir.resolve("missing"));

        ComponentStatus disk = health.diskSpace();

        assertThat(disk.status()).isEqualTo(ComponentStatus.DOWN);
        assertThat(disk.message()).contains("missing");
    }

    @Test
    void shouldNotCallJobStorageUpWhileJobRunrsServerIsStopped() {
        dev.cairn.config.CairnConfig config = dev.cairn.config.CairnConfig.fromEnv(dev.cairn.testing.TestEnv.worker(dataDir.resolve("data")));
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        try (JobStorage storage = JobStorage.open(config.storage(), config.directories(), new org.jobrunr.utils.mapper.jackson.JacksonJsonMapper())) {
            WorkerHealth health = new WorkerHealth(storage, null, dataDir, running::get);
            assertThat(health.jobStorage().isUp()).isTrue();

            running.set(false); // JobRunr stopped its server after a storage failure
            ComponentStatus status = health.jobStorage();
            assertThat(status.isUp()).isFalse();
            assertThat(status.message()).contains("JobRunr's job server is stopped");
        }
    }
}
