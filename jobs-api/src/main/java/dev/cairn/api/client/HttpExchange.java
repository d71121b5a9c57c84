package dev.cairn.api.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP side of {@link HttpCairnClient}: builds requests to one worker, sends them, and turns the worker's
 * failures into {@link CairnClientException}s. The endpoint methods and the batch sender share it.
 */
final class HttpExchange {

    static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Most of an error body read from a streamed response: enough for {@code {"error", "message"}}. */
    static final int MAX_ERROR_BYTES = 64 * 1024;

    private final URI baseUrl;
    private final String apiToken;
    private final Duration timeout;
    private final HttpClient http;

    HttpExchange(URI baseUrl, String apiToken, Duration timeout) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** @return the worker's base URL, ending in {@code /} */
    URI baseUrl() {
        return baseUrl;
    }

    /** @return a request to {@code path} (relative to the base URL) with the token and the request timeout */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (apiToken != null) builder.header("Authorization", "Bearer " + apiToken);
        return builder;
    }

    /** @return the 2xx answer's JSON */
    JsonNode send(HttpRequest request) {
        String text = sendForText(request);
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new CairnClientException(200, "bad_response", "the worker answered with something that is not JSON", e);
        }
    }

    /** @return the 2xx answer's body */
    String sendForText(HttpRequest request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 == 2) return response.body();
        throw refused(response.statusCode(), response.body());
    }

    /** @return the answer, any status; the unreachable worker, a timeout or an interrupt as a {@link CairnClientException} */
    <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (ConnectException e) {
            throw new CairnClientException(0, "unreachable", "cannot reach the Cairn worker at " + baseUrl
                    + " (is `cairn worker` running? set CAIRN_URL to point elsewhere)", e);
        } catch (HttpTimeoutException e) {
            throw new CairnClientException(0, "timeout", "the Cairn worker at " + baseUrl + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new CairnClientException(0, "unreachable", "cannot talk to the Cairn worker at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnClientException(0, "interrupted", "interrupted while waiting for the Cairn worker", e);
        }
    }

    /** @return the start of a streamed error answer, as text */
    static String errorText(InputStream body) throws IOException {
        return new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
    }

    /** The worker's {@code {"error", "message"}} as an exception; the status line when the body is not that. */
    static CairnClientException refused(int status, String body) {
        String error = "http_" + status;
        String message = "the worker answered HTTP " + status;
        try {
            JsonNode node = JSON.readTree(body);
            if (node.hasNonNull("error")) error = node.get("error").asText();
            if (node.hasNonNull("message")) message = node.get("message").asText();
        } catch (IOException | RuntimeException ignored) {
            // why: an error page that is not JSON still yields the status line as the reason
        }
        return new CairnClientException(status, error, message, null);
    }
}
