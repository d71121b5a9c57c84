package dev.cairn.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One answer of a worker's {@code /health/*} probe: the HTTP status and the JSON body
 * ({@code {"status", "components": {"job_storage": {"status", "message"}, "redis": …}}}).
 *
 * @param httpStatus the HTTP status
 * @param body       the JSON body
 */
public record HealthProbe(int httpStatus, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Longer than the worker's own checks take against a dead dependency (job storage waits 5 s for a connection). */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** @return {@code GET /health/live} of the worker at {@code base} */
    public static HealthProbe live(URI base) {
        return get(base, "/health/live");
    }

    /** @return {@code GET /health/ready} of the worker at {@code base} */
    public static HealthProbe ready(URI base) {
        return get(base, "/health/ready");
    }

    /** @return {@code GET /health/redis} of the worker at {@code base} */
    public static HealthProbe redis(URI base) {
        return get(base, "/health/redis");
    }

    private static HealthProbe get(URI base, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HealthProbe(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the overall {@code status}: {@code ready}, {@code degraded}, {@code not_ready}, {@code alive} */
    public String status() {
        return body.path("status").asText();
    }

    /** @return a component's {@code status} ({@code up}, {@code low}, {@code down}), empty when not listed */
    public String component(String name) {
        return body.path("components").path(name).path("status").asText();
    }

    /** @return a component's {@code message} (why it is not up), empty when none */
    public String componentMessage(String name) {
        return body.path("components").path(name).path("message").asText();
    }
}
