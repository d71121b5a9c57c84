package dev.cairn.e2e;

import dev.cairn.config.CairnConfig;
import dev.cairn.runtime.internal.JobStorage;
import dev.cairn.testing.EmbeddedStorageWriter;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded job storage (H2 under the data dir, what a newcomer runs) keeps every committed save when its
 * process is killed with {@code kill -9}. H2 holds committed changes in memory for up to a second by default;
 * a worker killed in that second lost its jobs' last states (a crashed job's PROCESSING, a success), and the
 * job then ran again as if never started.
 */
class EmbeddedStorageKillIT {

    @TempDir
    Path data;

    @Test
    void shouldKeepEveryCommittedSaveWhenItsProcessIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EmbeddedStorageWriter.class.getName(), data.toString(), "20").redirectErrorStream(true).start();
        List<String> ids;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("saved ")) {
                // start-up lines
            }
            assertThat(line).as("the writer saved its jobs").isNotNull();
            ids = Arrays.asList(line.substring("saved ".length()).split(" "));
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            writer.destroyForcibly();
        }

        CairnConfig config = CairnConfig.fromEnv(Map.of("CAIRN_DATA_DIR", data.toString()));
        try (JobStorage storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper())) {
            assertThat(ids).hasSize(20).allSatisfy(id -> assertThat(storage.provider().getJobById(UUID.fromString(id))).isNotNull());
        }
    }
}
