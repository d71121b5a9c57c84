package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server, started from its binary as a child process on a free loopback port, scraping one
 * target every second as job {@code cairn-worker} (the job the dashboard and the alert rules select) and
 * evaluating a rules file every second. Its TSDB, config and log live in a directory the test owns.
 */
public final class PrometheusServer implements AutoCloseable {

    /** Where the tests are told which Prometheus binary to run; {@code .ci/run} sets it. */
    public static final String BINARY_VARIABLE = "CAIRN_TEST_PROMETHEUS";
    /** What a skipped test says: how to give the tests a Prometheus. */
    public static final String HOW_TO_GET = "no Prometheus binary: set " + BINARY_VARIABLE + "=/path/to/prometheus, put prometheus on the PATH,"
            + " or run .ci/run (it unpacks Debian's prometheus package into " + cachedBinary() + ")";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI url;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * The binary to run, in this order: {@value #BINARY_VARIABLE} (which must then name an executable), else
     * {@code prometheus} on the {@code PATH}, else the one {@code scripts/promtool.sh} unpacked into the cache.
     *
     * @return the binary, or empty when this machine has none
     */
    public static Optional<Path> binary() {
        String fromEnv = System.getenv(BINARY_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path named = Path.of(fromEnv.trim());
            // why: a variable set by hand or by CI that points nowhere is a broken setup, not a machine without Prometheus
            if (!Files.isExecutable(named) || Files.isDirectory(named)) {
                throw new IllegalStateException(BINARY_VARIABLE + "=" + fromEnv + " is not an executable file");
            }
            return Optional.of(named);
        }
        Optional<Path> onPath = Executables.find("prometheus");
        if (onPath.isPresent()) return onPath;
        Path cached = cachedBinary();
        return Files.isExecutable(cached) ? Optional.of(cached) : Optional.empty();
    }

    /** @return where {@code scripts/promtool.sh} unpacks Debian's prometheus package: {@code ${XDG_CACHE_HOME:-$HOME/.cache}/cairn-ci/prometheus} */
    private static Path cachedBinary() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("cairn-ci/prometheus/usr/bin/prometheus");
    }

    /**
     * Starts Prometheus and waits until it is ready.
     *
     * @param binary    the prometheus binary
     * @param dir       its config, TSDB and log ({@code prometheus.log}) go here
     * @param target    what it scrapes as job {@code cairn-worker}, e.g. {@code 127.0.0.1:41234} (path {@code /metrics})
     * @param rulesFile the rules it evaluates
     * @return the running server
     */
    public static PrometheusServer start(Path binary, Path dir, String target, Path rulesFile) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - '%s'
                scrape_configs:
                  - job_name: cairn-worker
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s']
                """.formatted(rulesFile.toAbsolutePath(), target));
        int port = FreePorts.loopback();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config.toAbsolutePath(),
                "--storage.tsdb.path=" + dir.resolve("tsdb").toAbsolutePath(),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            server.awaitReady();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady() {
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) throw new IllegalStateException("Prometheus exited during start-up:\n" + tail());
                try {
                    return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Prometheus was not ready within 30 s:\n" + tail(), e);
        }
    }

    /** @return its address, e.g. {@code http://127.0.0.1:41234} */
    public URI url() {
        return url;
    }

    /**
     * Evaluates an instant query now ({@code GET /api/v1/query}).
     *
     * @param promql the expression
     * @return the series of its result ({@code data.result}); a scalar or string result is one element
     * @throws IllegalArgumentException when Prometheus refuses the expression, with its error
     */
    public List<JsonNode> query(String promql) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException(body.path("errorType").asText() + ": " + body.path("error").asText());
        }
        JsonNode result = body.path("data").path("result");
        List<JsonNode> series = new ArrayList<>();
        if (result.isArray()) result.forEach(series::add);
        else series.add(result);
        return series;
    }

    /** @return the names of the alerts in state {@code state} ({@code pending} or {@code firing}), from {@code /api/v1/alerts} */
    public Set<String> alerts(String state) {
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : get("/api/v1/alerts").path("data").path("alerts")) {
            if (state.equals(alert.path("state").asText())) names.add(alert.path("labels").path("alertname").asText());
        }
        return names;
    }

    /** @return each scrape target's health and last error, from {@code /api/v1/targets}, for failure messages */
    public String targets() {
        StringBuilder out = new StringBuilder();
        for (JsonNode target : get("/api/v1/targets").path("data").path("activeTargets")) {
            out.append(target.path("scrapeUrl").asText()).append(' ').append(target.path("health").asText())
                    .append(' ').append(target.path("lastError").asText()).append('\n');
        }
        return out.toString();
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " from Prometheus failed:\n" + tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the last lines of its log, for failure messages */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no Prometheus log: " + e.getMessage() + ")";
        }
    }

    /** Stops it (SIGTERM, then SIGKILL after 20 s) and waits until it is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
