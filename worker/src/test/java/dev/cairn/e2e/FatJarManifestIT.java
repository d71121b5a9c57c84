package dev.cairn.e2e;

import org.jobrunr.configuration.JobRunr;
import org.jobrunr.utils.JarUtils;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #18 part 5: the JobRunr dashboard's footer read "JobRunr 0.1.0-SNAPSHOT", Cairn's version through the fat
 * jar's manifest. JobRunr's package has its own manifest section now, and Cairn keeps its own version.
 */
class FatJarManifestIT {

    @Test
    void shouldNameJobRunrsVersionForJobRunrAndCairnsForCairn() throws Exception {
        Path jar = Path.of(System.getProperty("cairn.test.workerJar", "target/cairn-worker.jar"));
        String jobRunrVersion = JarUtils.getVersion(JobRunr.class); // from JobRunr's own jar on the test class path

        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            assertThat(manifest.getAttributes("org/jobrunr/configuration/").getValue("Implementation-Version")).isEqualTo(jobRunrVersion);
            assertThat(manifest.getMainAttributes().getValue("Implementation-Version")).isNotEqualTo(jobRunrVersion).isNotBlank();
            assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("dev.cairn.cli.Main");
        }
    }
}
