package dev.cairn.testing;

import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClient;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker started from the fat jar as a child process ({@code java -jar cairn-worker.jar worker}),
 * so tests can kill it with SIGKILL like an operator's {@code kill -9}.
 */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private WorkerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a worker and waits until its start-up probe answers 200.
     *
     * @param env the worker's environment (CAIRN_HTTP_PORT is chosen here)
     * @param log where its output goes (appended, so restarts keep one log)
     */
    public static WorkerProcess start(Map<String, String> env, Path log) {
        String jar = System.getProperty("cairn.test.workerJar", "target/cairn-worker.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the fat jar " + jar + " is missing: run the tests with `mvn verify`");
        }
        int port = FreePorts.loopback();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar, "worker"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("CAIRN_"));
        builder.environment().putAll(env);
        builder.environment().put("CAIRN_HTTP_PORT", Integer.toString(port));
        builder.environment().putIfAbsent("CAIRN_DASHBOARD_PORT", "0");
        // why: these tests poll job states several times a second, as no producer would; a test of the limits sets its own
        builder.environment().putIfAbsent("CAIRN_RATE_LIMIT_ANONYMOUS", "unlimited");
        builder.environment().putIfAbsent("CAIRN_RATE_LIMIT_ANONYMOUS_JOBS", "unlimited");
        try {
            WorkerProcess worker = new WorkerProcess(builder.start(), port, log);
            worker.awaitStarted();
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitStarted() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(url().resolve("/health/startup")).timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) throw new IllegalStateException("the worker exited during start-up:\n" + tail());
            try {
                return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** @return the worker's API, e.g. {@code http://127.0.0.1:41234} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** @return a client of this worker */
    public CairnClient client() {
        return CairnClient.create(url(), null);
    }

    /**
     * Waits until a job of this worker has finished and fails the test, with the worker's log, unless it
     * SUCCEEDED.
     *
     * @param jobId  the job
     * @param within how long it may take
     * @return the finished job
     */
    public JobView awaitSucceeded(String jobId, Duration within) {
        CairnClient client = client();
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.job(jobId).state(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("job " + jobId + " did not finish within " + within + "; worker log:\n" + tail(), e);
        }
        JobView view = client.job(jobId);
        assertThat(view.state()).as("job %s: %s\n%s", jobId, view.error(), tail()).isEqualTo("SUCCEEDED");
        return view;
    }

    /** Kills the process with SIGKILL, as {@code kill -9} does, and waits until it is gone. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pauses the process with SIGSTOP, as a long GC pause or a frozen VM would: it neither runs nor answers. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the last lines of the worker's log, for failure messages */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the worker gracefully (SIGTERM) and waits for it. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        resume(); // why: a paused process never handles the SIGTERM below
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
