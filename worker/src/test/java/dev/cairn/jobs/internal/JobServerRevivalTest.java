package dev.cairn.jobs.internal;

import dev.cairn.tasks.PeriodicTasks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.storage.StorageException;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real JobRunr server on a job storage that goes down: JobRunr stops the server at its first failed
 * heartbeat and never starts it again (the bug {@code DatabaseOutageIT} met); {@link JobServerRevival}
 * starts it again once the storage answers, and never while it does not, nor after it was closed.
 */
class JobServerRevivalTest {

    private final FlakyStorage storage = new FlakyStorage();
    private final PeriodicTasks tasks = PeriodicTasks.start(new SimpleMeterRegistry(), Clock.systemUTC());
    private BackgroundJobServer server;

    @BeforeEach
    void startServer() {
        server = new BackgroundJobServer(storage, new JacksonJsonMapper(), null,
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration().andPollInterval(Duration.ofMillis(200)));
        server.start();
        await().atMost(Duration.ofSeconds(10)).until(server::isAnnounced);
    }

    @AfterEach
    void stopServer() {
        server.stop();
        tasks.close();
    }

    @Test
    void shouldStartTheServerAgainOnceStorageAnswersAfterJobRunrStoppedIt() {
        JobServerRevival revival = new JobServerRevival(server, storage::ping);
        storage.down = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.isRunning());
        assertThat(revival.check()).as("not while the storage is still down").isFalse();
        assertThat(server.isRunning()).isFalse();

        storage.down = false;
        assertThat(revival.check()).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(server::isAnnounced);
        assertThat(server.isRunning()).isTrue();
        assertThat(revival.check()).as("a running server is left alone").isFalse();
    }

    @Test
    void shouldLeaveTheServerStoppedOnceClosed() {
        JobServerRevival revival = new JobServerRevival(server, storage::ping).start(tasks, Duration.ofMillis(100));
        revival.close();
        server.stop();

        assertThat(revival.check()).isFalse();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void shouldRestartOnItsOwnSchedule() {
        try (JobServerRevival revival = new JobServerRevival(server, storage::ping).start(tasks, Duration.ofMillis(100))) {
            storage.down = true;
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.isRunning());
            storage.down = false;
            await().atMost(Duration.ofSeconds(10)).until(() -> server.isRunning() && server.isAnnounced());
        }
    }

    /** In-memory job storage whose server heartbeats fail while {@link #down}, as a database that went away. */
    private static final class FlakyStorage extends InMemoryStorageProvider {
        volatile boolean down;

        void ping() {
            if (down) throw new StorageException("the database is unreachable");
        }

        @Override
        public void announceBackgroundJobServer(BackgroundJobServerStatus serverStatus) {
            ping();
            super.announceBackgroundJobServer(serverStatus);
        }

        @Override
        public boolean signalBackgroundJobServerAlive(BackgroundJobServerStatus serverStatus) {
            ping();
            return super.signalBackgroundJobServerAlive(serverStatus);
        }
    }
}
