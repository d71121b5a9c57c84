package dev.cairn.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code scripts/aot-cache.sh}, which {@code ./cairn worker} uses on JDK 25+: a worker's first run trains the JVM's AOT
 * cache, the next start checks it and starts from it, and a cache a killed run left half-written is thrown away, never
 * used. Runs the script's function with a real JVM on a copy of the fat jar (so an integration test: the jar is built
 * by then), and real training runs ({@code cairn --version}, a short program that loads and links classes too).
 */
class AotCacheScriptIT {

    private static final Path ROOT = ProjectRoot.find();
    private static final String JAVA_HOME = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().getParent().toString();

    @TempDir
    Path dir;
    private Path jar;
    private Path cacheDir;

    @BeforeEach
    void copyJar() throws IOException {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs JDK 25+; this test runs on " + Runtime.version());
        Path built = ROOT.resolve("worker/target/cairn-worker.jar");
        assumeTrue(Files.isRegularFile(built), "no fat jar at " + built + ": run with `mvn verify`");
        jar = Files.copy(built, dir.resolve("cairn-worker.jar"));
        cacheDir = dir.resolve("aot-cache");
    }

    @Test
    void shouldTrainOnTheFirstStartAndStartFromTheCheckedCacheAfterIt() throws Exception {
        List<String> first = options(Map.of());
        assertThat(first).hasSize(2);
        assertThat(first.get(0)).startsWith("-XX:AOTCacheOutput=" + cacheDir.resolve("worker-")).endsWith(".aot").contains(".training-");
        assertThat(first.get(1)).isEqualTo("-Xlog:aot=off");
        Path training = Path.of(first.get(0).substring("-XX:AOTCacheOutput=".length()));

        ScriptRun trained = java(first, "--version");
        assertThat(trained.exitCode()).as(trained.output()).isZero();
        assertThat(trained.output()).as("the training run prints no warning per class it leaves out").doesNotContain("[warning]");
        assertThat(training).isRegularFile();

        List<String> second = options(Map.of());
        Path cache = cacheOf(training);
        assertThat(second).containsExactly("-XX:AOTCache=" + cache);
        assertThat(cache).isRegularFile();
        assertThat(training).doesNotExist();
        // AOTMode=on: the JVM refuses to start on a cache it cannot use, where the default mode would warn and go on
        ScriptRun fromCache = java(List.of("-XX:AOTMode=on", second.get(0)), "--version");
        assertThat(fromCache.exitCode()).as(fromCache.output()).isZero();
        assertThat(fromCache.output()).startsWith("cairn ").doesNotContain("[error").doesNotContain("[warning");

        assertThat(options(Map.of())).as("later starts use it as it is").containsExactly("-XX:AOTCache=" + cache);

        // a second worker that trained alongside the first (both started before any cache existed) and has stopped
        Files.write(training, new byte[4096]);
        assertThat(options(Map.of())).containsExactly("-XX:AOTCache=" + cache);
        assertThat(training).as("its 60 MB are not kept").doesNotExist();
    }

    @Test
    void shouldThrowAwayAHalfWrittenCacheAndTrainAgain() throws Exception {
        Path training = trainingFile(options(Map.of()));
        // a run killed while the JVM wrote its cache: a truncated file, its writer gone (the script's shell has exited)
        Files.write(training, new byte[4096]);

        List<String> next = options(Map.of());

        assertThat(training).doesNotExist();
        assertThat(next).hasSize(2);
        assertThat(next.get(0)).startsWith("-XX:AOTCacheOutput=");
        assertThat(cacheOf(training)).as("nothing promoted").doesNotExist();
    }

    @Test
    void shouldNotStartASecondTrainingWhileAWorkerIsInItsOwn() throws Exception {
        Path ours = trainingFile(options(Map.of()));
        // the configuration a training worker holds while it runs, under the pid of a live process (this JVM's)
        Path running = ours.resolveSibling(ours.getFileName().toString().replaceFirst("\\.training-\\d+\\.aot$",
                ".training-" + ProcessHandle.current().pid() + ".aot.config"));
        Files.writeString(running, "");

        assertThat(options(Map.of())).as("the worker starts without any AOT option").isEmpty();
        assertThat(running).as("a live worker's file is left alone").exists();
    }

    @Test
    void shouldTrainANewCacheForARebuiltJar() throws Exception {
        ScriptRun trained = java(options(Map.of()), "--version");
        assertThat(trained.exitCode()).isZero();
        String oldCache = options(Map.of()).get(0);
        assertThat(oldCache).startsWith("-XX:AOTCache=");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        List<String> rebuilt = options(Map.of());
        assertThat(rebuilt.get(0)).as("the old cache no longer matches the jar").startsWith("-XX:AOTCacheOutput=");
        assertThat(java(rebuilt, "--version").exitCode()).isZero();
        List<String> promoted = options(Map.of());
        assertThat(promoted).hasSize(1);
        assertThat(promoted.get(0)).startsWith("-XX:AOTCache=").isNotEqualTo(oldCache);
        assertThat(Path.of(oldCache.substring("-XX:AOTCache=".length()))).as("the old jar's cache is deleted").doesNotExist();
    }

    @Test
    void shouldNeverTrainUnderAJsonLogButUseACacheTrainedBefore() throws Exception {
        // the JVM prints how it writes the cache on stdout: five plain lines in a log that must be JSON lines
        assertThat(options(Map.of("CAIRN_LOG_FORMAT", " JSON"))).isEmpty();
        Files.writeString(dir.resolve(".env"), "export CAIRN_LOG_FORMAT=\"json\"  # for the log shipper\n");
        assertThat(options(Map.of())).as("read from ./.env, as the worker reads it").isEmpty();
        assertThat(options(Map.of("CAIRN_LOG_FORMAT", "text"))).as("the environment wins over .env").hasSize(2);

        Files.delete(dir.resolve(".env"));
        assertThat(java(options(Map.of()), "--version").exitCode()).isZero();
        List<String> cached = options(Map.of("CAIRN_LOG_FORMAT", "json"));
        assertThat(cached).hasSize(1);
        assertThat(cached.get(0)).startsWith("-XX:AOTCache=");
    }

    @Test
    void shouldDoNothingWhenTurnedOffOverriddenOrUnwritable() throws Exception {
        assertThat(options(Map.of("CAIRN_AOT_CACHE", "off"))).isEmpty();
        assertThat(options(Map.of("CAIRN_JAVA_OPTS", "-Xmx1g -Xshare:off"))).isEmpty();
        assertThat(options(Map.of("CAIRN_JAVA_OPTS", "-XX:AOTCache=/elsewhere/app.aot"))).isEmpty();
        // a directory the worker cannot make (read-only installs behave alike): it starts without a cache
        Files.writeString(cacheDir, "not a directory");
        assertThat(options(Map.of())).isEmpty();
    }

    @Test
    void shouldRefuseABadSettingNamingTheVariableBeforeTheWorkerStarts() throws Exception {
        for (String bad : new String[]{"false", "0", "of"}) {
            // through ./cairn itself: it must stop there, as the worker stops on a bad value of its own variables
            ScriptRun run = run(List.of("bash", ROOT.resolve("cairn").toString(), "worker"), Map.of("CAIRN_AOT_CACHE", bad));

            assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
            assertThat(run.output().strip()).isEqualTo("cairn: CAIRN_AOT_CACHE must be on or off, got '" + bad + "'");
        }
        assertThat(options(Map.of("CAIRN_AOT_CACHE", " OFF "))).as("read as the worker reads its settings").isEmpty();
        assertThat(options(Map.of("CAIRN_AOT_CACHE", "On"))).hasSize(2);
    }

    /** @return the cache a training file becomes: {@code worker-<key>.training-<pid>.aot} → {@code worker-<key>.aot} */
    private static Path cacheOf(Path training) {
        return training.resolveSibling(training.getFileName().toString().replaceFirst("\\.training-\\d+\\.aot$", ".aot"));
    }

    private static Path trainingFile(List<String> options) {
        assertThat(options).isNotEmpty();
        assertThat(options.get(0)).startsWith("-XX:AOTCacheOutput=");
        return Path.of(options.get(0).substring("-XX:AOTCacheOutput=".length()));
    }

    /** @return what {@code cairn_aot_options} prints for the jar, with this JVM as the picked JDK */
    private List<String> options(Map<String, String> env) throws Exception {
        ScriptRun run = run(List.of("bash", "-c", "source \"$1/scripts/java-home.sh\" && source \"$1/scripts/aot-cache.sh\" && cairn_aot_options \"$2\"",
                "aot-cache-test", ROOT.toString(), jar.toString()), env);
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.output().lines().filter(l -> !l.isBlank()).toList();
    }

    private ScriptRun java(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(JAVA_HOME + "/bin/java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    private ScriptRun run(List<String> command, Map<String, String> env) throws Exception {
        Map<String, String> environment = new HashMap<>(env);
        environment.putIfAbsent("JAVA_HOME", JAVA_HOME);
        // why the temp dir: the script reads ./.env as the worker does
        return ScriptRun.run(command, dir, environment, Duration.ofSeconds(60));
    }
}
