package dev.cairn.runtime.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #18 part 5: the README's crash demo kills the worker by the id it wrote, not every Java process on the host. */
class PidFileTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldWriteThisProcessIdAndRemoveItOnACleanStop() throws Exception {
        PidFile pid = PidFile.write(dataDir.resolve("data"));

        assertThat(Files.readString(dataDir.resolve("data/cairn-worker.pid")).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        pid.close();
        assertThat(dataDir.resolve("data/cairn-worker.pid")).doesNotExist();
    }

    @Test
    void shouldLeaveTheFileOfAnotherWorkerThatStartedSince() throws Exception {
        PidFile pid = PidFile.write(dataDir);
        Files.writeString(dataDir.resolve(PidFile.NAME), "424242\n");

        pid.close();

        assertThat(Files.readString(dataDir.resolve(PidFile.NAME))).isEqualTo("424242\n");
    }
}
