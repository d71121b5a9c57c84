package dev.cairn.bench.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the crash benchmarks start from the bench jar ({@code java -cp cairn-bench.jar <main> …}), its
 * output appended to a log file, so it can be killed with SIGKILL like an operator's {@code kill -9}.
 * Every child is also killed by a shutdown hook if the bench exits before closing it: a benchmark that
 * fails half-way must not leave workers polling the database behind.
 */
public final class ChildProcess implements AutoCloseable {

    /** System property naming the bench jar, for runs where the classes do not come from that jar. */
    static final String JAR_PROPERTY = "cairn.bench.jar";

    /**
     * System property naming a directory: each child then records a JFR profile there ({@code <pid>.jfr},
     * {@code settings=profile}) and is stopped with SIGTERM first when closed, so the recording is written.
     * For investigations only; the figures of a profiled run are not the bench's.
     */
    static final String PROFILE_PROPERTY = "cairn.bench.profile";
    /** JFR settings of the profiles: {@code profile} unless this names another (a .jfc file, e.g. with every JIT compilation). */
    static final String PROFILE_SETTINGS_PROPERTY = "cairn.bench.profile.settings";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "cairn-bench-children"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -Xmx512m -cp <bench jar> <mainClass> <args>} with only the given {@code CAIRN_*}
     * variables (inherited ones are removed, so the bench's own environment cannot leak into a worker).
     *
     * @param name what it is, for messages (e.g. {@code "cairn worker b"})
     * @param env  variables to set on top of the inherited environment minus its {@code CAIRN_*}
     * @param log  where stdout and stderr go (appended)
     */
    public static ChildProcess startJava(String name, String mainClass, List<String> args, Map<String, String> env, Path log) {
        return startJava(name, List.of(), mainClass, args, env, log);
    }

    /**
     * {@link #startJava(String, String, List, Map, Path)} with JVM options after {@code -Xmx512m} (e.g. the AOT cache
     * options {@code ./cairn worker} adds).
     */
    public static ChildProcess startJava(String name, List<String> jvmOptions, String mainClass, List<String> args, Map<String, String> env,
                                         Path log) {
        List<String> options = new ArrayList<>(List.of("-Xmx512m"));
        options.addAll(jvmOptions);
        ProcessBuilder builder = new ProcessBuilder(javaCommand(options, mainClass, args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_"));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            LIVE.add(process);
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** @return the jar the bench runs from: {@value #JAR_PROPERTY}, else this class's own code source */
    public static Path benchJar() {
        String property = System.getProperty(JAR_PROPERTY);
        Path jar;
        try {
            jar = property != null && !property.isBlank() ? Path.of(property)
                    : Path.of(ChildProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell which jar the bench runs from; set -D" + JAR_PROPERTY, e);
        }
        if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
            throw new IllegalStateException("the crash benchmarks start workers from the bench jar, but the bench runs from " + jar
                    + ": run bench/target/cairn-bench.jar, or set -D" + JAR_PROPERTY);
        }
        return jar;
    }

    /**
     * The command of every child JVM the bench starts: the bench's own java, its temp dir, the JFR profile of
     * {@value #PROFILE_PROPERTY} when set, and the bench jar as classpath.
     *
     * @param jvmOptions options of this child (heap, collector, system properties)
     * @return {@code java <jvmOptions> -Djava.io.tmpdir=… [-XX:StartFlightRecording=…] -cp <bench jar> <mainClass> <args>}
     */
    public static List<String> javaCommand(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.addAll(profileArgs());
        command.addAll(List.of("-cp", benchJar().toString(), mainClass));
        command.addAll(args);
        return command;
    }

    /**
     * @return the JVM option that makes a child record a JFR profile into {@value #PROFILE_PROPERTY}'s directory
     * (with {@value #PROFILE_SETTINGS_PROPERTY}'s settings), or nothing when that property is unset
     */
    private static List<String> profileArgs() {
        // why the stack depth: a job thread's stacks run deeper than JFR's default 64 frames (JobRunr's performer, the filters,
        // the pipeline runner, Jedis), and a truncated stack loses the callers a profile is read for
        return profileDir().map(dir -> List.of("-XX:FlightRecorderOptions:stackdepth=256", "-XX:StartFlightRecording=filename="
                + dir.resolve("%p.jfr") + ",settings=" + System.getProperty(PROFILE_SETTINGS_PROPERTY, "profile"))).orElse(List.of());
    }

    private static Optional<Path> profileDir() {
        String dir = System.getProperty(PROFILE_PROPERTY);
        return dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir).toAbsolutePath());
    }

    /** @return the java executable the bench runs on, which its child JVMs run on too */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** @return a free TCP port on the loopback interface (free when asked; a child binds it a moment later) */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** @return the process id, e.g. to find a worker's lease, whose name carries its pid */
    public long pid() {
        return process.pid();
    }

    /**
     * @throws IllegalStateException when the process has exited (the callers add every log's tail of
     *                               the sample to the failure, this one's among them)
     */
    public void checkAlive(String during) {
        if (!process.isAlive()) throw new IllegalStateException(name + " exited (code " + process.exitValue() + ") " + during + "; its log: " + log);
    }

    /** Sends SIGKILL, as {@code kill -9} does, and waits (at most 10 s) until the process is gone. */
    public void kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException(name + " survived SIGKILL for 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!process.isAlive()) LIVE.remove(process);
        }
    }

    /**
     * Sends SIGTERM, as a supervisor stopping a worker does, and waits until the process is gone.
     *
     * @return how long it took to exit
     * @throws IllegalStateException when it still runs after {@code timeout} (it is then killed)
     */
    public Duration stop(Duration timeout) {
        long started = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill9();
                throw new IllegalStateException(name + " still ran " + timeout.toSeconds() + " s after SIGTERM; its log: " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!process.isAlive()) LIVE.remove(process);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** @return the CPU time the process has used so far (user + system, all its threads); zero when the OS does not tell */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** @return the log's lines so far (empty when there is no log yet), e.g. to find a child's {@code ready <id>} */
    public List<String> logLines() {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** @return the last 60 lines of the log, for failure messages */
    public String tail() {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    public Path log() {
        return log;
    }

    /** Kills the process if it still runs: the benchmarks never need a graceful stop (a profiled child gets 20 s to write its recording). */
    @Override
    public void close() {
        if (process.isAlive() && profileDir().isPresent()) {
            process.destroy();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process.isAlive()) kill9();
        LIVE.remove(process);
    }
}
