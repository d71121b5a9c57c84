package dev.cairn.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/java-home.sh}, which {@code ./cairn}, {@code ./run-tests} and {@code .ci/run} source: it picks a JDK
 * >= 21, reading a JDK's version from its {@code release} file instead of starting it (a JVM start per candidate
 * cost ~0.45 s of every {@code ./cairn} command). The fake JDKs here have a {@code bin/java} that fails if it is run,
 * so a pass shows the release file alone decided.
 */
class JavaHomeScriptTest {

    private static final Path ROOT = ProjectRoot.find();

    @TempDir
    Path dir;

    @Test
    void shouldTakeJavaHomeFromItsReleaseFileWithoutStartingIt() throws Exception {
        Path jdk = fakeJdk("jdk-26", "JAVA_VERSION=\"26-ea\"", null);

        ScriptRun picked = pick(jdk);

        assertThat(picked.exitCode()).as(picked.output()).isZero();
        assertThat(picked.output()).isEqualTo(jdk + " 26");
    }

    @Test
    void shouldPassOverAJavaHomeBelow21() throws Exception {
        for (String release : new String[]{"JAVA_VERSION=\"17.0.2\"", "JAVA_VERSION=\"1.8.0_402\""}) {
            Path jdk = fakeJdk("old-" + release.hashCode(), release, null);

            ScriptRun picked = pick(jdk);

            // another JDK >= 21 of this machine, or the clear error when it has none
            if (picked.exitCode() == 0) {
                assertThat(picked.output()).doesNotStartWith(jdk.toString());
                assertThat(Integer.parseInt(picked.output().substring(picked.output().lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(21);
            } else {
                assertThat(picked.output()).contains("no JDK 21 or newer found");
            }
        }
    }

    @Test
    void shouldStillAskTheJvmWhenThereIsNoReleaseFile() throws Exception {
        Path jdk = fakeJdk("no-release", null, "java.specification.version = 22");

        ScriptRun picked = pick(jdk);

        assertThat(picked.exitCode()).as(picked.output()).isZero();
        assertThat(picked.output()).isEqualTo(jdk + " 22");
    }

    /**
     * @param release       the release file's version line, or null for none
     * @param settingsLine  what {@code bin/java -XshowSettings:properties -version} prints, or null: it fails when run
     */
    private Path fakeJdk(String name, String release, String settingsLine) throws IOException {
        Path jdk = Files.createDirectories(dir.resolve(name));
        Path bin = Files.createDirectories(jdk.resolve("bin"));
        if (release != null) Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Fake\"\n" + release + "\n");
        String java = settingsLine == null ? "#!/bin/sh\necho 'this fake java must not be run' >&2\nexit 1\n"
                : "#!/bin/sh\necho '    " + settingsLine + "' >&2\n";
        for (String tool : new String[]{"java", "javac"}) {
            Path file = Files.writeString(bin.resolve(tool), java);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return jdk;
    }

    /** @return the script's exit code and {@code "$JAVA_HOME $cairn_picked_java_major"} (or its error) */
    private ScriptRun pick(Path javaHome) throws Exception {
        ScriptRun run = ScriptRun.run(List.of("bash", "-c", "source \"$1/scripts/java-home.sh\" && echo \"$JAVA_HOME $cairn_picked_java_major\"",
                "java-home-test", ROOT.toString()), dir, Map.of("JAVA_HOME", javaHome.toString()), Duration.ofSeconds(30));
        return new ScriptRun(run.exitCode(), run.output().strip());
    }
}
