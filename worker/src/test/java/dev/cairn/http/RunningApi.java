package dev.cairn.http;

import dev.cairn.config.HttpSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * An {@link HttpApi} on an ephemeral port with a fake job service and DLQ, for tests; close it after.
 * Tests get one from {@link ApiServerExtension#fakes()}; build one directly only beside it.
 */
public final class RunningApi implements ApiUnderTest {

    /** The clock the API's timestamps come from. */
    public static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    public final FakeJobService jobs = new FakeJobService();
    /** The dead-letter queue behind {@code /api/dlq} and {@code /health/dlq}. */
    public final FakeDlqService dlq = new FakeDlqService();
    public final StubHealthChecks health = new StubHealthChecks();
    public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final Path inputDir;
    public final HttpApi api;
    /** Real breakers on the test Redis, under a key prefix of their own (two providers: offline, acme). */
    public final dev.cairn.breaker.CircuitBreakerRegistry breakers;
    /** The fleet's leases {@code GET /api/workers} lists, on the test Redis under the same key prefix. */
    public final dev.cairn.fleet.WorkerLeases leases;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param inputDir       where uploads go
     * @param token          the API token, or {@code null}
     * @param maxUploadBytes the upload limit
     */
    public RunningApi(Path inputDir, String token, long maxUploadBytes) {
        this(inputDir, settings(token, maxUploadBytes));
    }

    /**
     * @param inputDir where uploads go
     * @param settings the API's settings; its port is best 0
     */
    public RunningApi(Path inputDir, HttpSettings settings) {
        this(inputDir, settings, dev.cairn.ratelimit.ProducerLimits.unlimited());
    }

    /**
     * @param inputDir where uploads go
     * @param settings the API's settings; its port is best 0
     * @param limits   the producers' rate limits (and keys file)
     */
    public RunningApi(Path inputDir, HttpSettings settings, dev.cairn.ratelimit.ProducerLimits limits) {
        this.inputDir = inputDir;
        dev.cairn.redis.RedisKeys keys = dev.cairn.redis.RedisKeys.withPrefix(dev.cairn.testing.TestRedis.uniquePrefix());
        this.breakers = dev.cairn.breaker.CircuitBreakerRegistry.shared(java.util.List.of("offline", "acme"), dev.cairn.testing.TestRedis.client(),
                dev.cairn.testing.TestRedis.url(), keys, dev.cairn.config.CairnConfig.fromEnv(java.util.Map.of()).breakers(), Clock.systemUTC(), registry);
        this.leases = dev.cairn.fleet.WorkerLeases.redis(dev.cairn.testing.TestRedis.client(), keys, java.time.Duration.ofSeconds(30),
                new com.fasterxml.jackson.databind.ObjectMapper());
        this.api = new HttpApi(settings, dev.cairn.config.BatchSettings.DEFAULTS, inputDir, uploadLimits(settings), jobs, health, breakers, dlq, limits,
                registry, Clock.fixed(NOW, ZoneOffset.UTC), "1.2.3-test", Optional.of(leases));
        api.start();
    }

    /**
     * @param settings the API's settings
     * @return the PDF limits a worker with these settings applies to uploads (the defaults, sized by the upload limit)
     */
    static dev.cairn.pdf.PdfLimits uploadLimits(HttpSettings settings) {
        return dev.cairn.pdf.PdfLimits.from(dev.cairn.config.PdfSettings.DEFAULTS, settings.maxUploadBytes());
    }

    /**
     * @param token          the API token, or {@code null}
     * @param maxUploadBytes the upload limit
     * @return settings for loopback on an ephemeral port, no dashboard
     */
    public static HttpSettings settings(String token, long maxUploadBytes) {
        return new HttpSettings(0, "127.0.0.1", Optional.ofNullable(token), 0, Optional.empty(), Optional.empty(), maxUploadBytes);
    }

    /**
     * @param dir      a scratch directory; uploads go to its {@code input} directory
     * @param settings the API's settings
     * @return a started API
     */
    static RunningApi inScratchDir(Path dir, HttpSettings settings) {
        return new RunningApi(dir.resolve("input"), settings);
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    /** @return a request builder for {@code path} */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path));
    }

    /** Sends and reads the body as text. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs {@code path}. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** POSTs a JSON text to {@code path}. */
    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Override
    public void close() {
        api.close();
        breakers.close();
        registry.close();
    }
}
