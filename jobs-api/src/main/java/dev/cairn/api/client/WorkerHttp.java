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
import java.util.function.Consumer;

/**
 * The HTTP side of {@link HttpCairnClient}: builds requests to one worker, sends them, and turns the worker's
 * failures into {@link CairnClientException}s. The endpoint methods and the batch sender share it.
 */
final class WorkerHttp {

    static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Most of an error body read from a streamed response: enough for {@code {"error", "message"}}. */
    static final int MAX_ERROR_BYTES = 64 * 1024;

    private final URI baseUrl;
    private final String apiToken;
    private final Duration timeout;
    private final HttpClient http;
    private final Duration maxRateLimitWait;
    private final Consumer<RateLimitWait> rateLimitListener;

    /**
     * @param baseUrl           the worker
     * @param apiToken          the bearer token, {@code null} for none
     * @param timeout           how long one request may take
     * @param maxRateLimitWait  the bound on the 429 waits of one call; zero waits none
     * @param rateLimitListener told of each wait, {@code null} for none
     */
    WorkerHttp(URI baseUrl, String apiToken, Duration timeout, Duration maxRateLimitWait, Consumer<RateLimitWait> rateLimitListener) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.maxRateLimitWait = Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
        this.rateLimitListener = rateLimitListener;
    }

    /** @return the 429 waits of one new call */
    RateLimitWaits rateLimitWaits() {
        return new RateLimitWaits(maxRateLimitWait, rateLimitListener);
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

    /** @return the 2xx answer's body, after waiting out 429s */
    String sendForText(HttpRequest request) {
        HttpResponse<String> response = exchangeWaiting(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), text -> text);
        if (response.statusCode() / 100 == 2) return response.body();
        throw refused(response.statusCode(), response.body());
    }

    /** Reads a refused answer's body as text (and closes it, for a stream). */
    @FunctionalInterface
    interface ErrorText<T> {
        String read(T body) throws IOException;
    }

    /**
     * Sends the request, and again after each {@code 429}'s {@code Retry-After} until the call's bound is used up.
     * Only for requests whose body publisher can be subscribed again (none, bytes, a file).
     *
     * @param errorText reads a 429's body
     * @return the first answer that is not a 429
     * @throws CairnClientException the 429, when the bound is used up
     */
    <T> HttpResponse<T> exchangeWaiting(HttpRequest request, HttpResponse.BodyHandler<T> body, ErrorText<T> errorText) {
        RateLimitWaits waits = null;
        while (true) {
            HttpResponse<T> response = exchange(request, body);
            if (response.statusCode() != 429) return response;
            String text;
            try {
                text = errorText.read(response.body());
            } catch (IOException e) {
                text = ""; // why: the status and Retry-After say enough to wait
            }
            if (waits == null) waits = rateLimitWaits();
            waits.waitOrThrow(request, response.headers().firstValue("Retry-After"), text);
        }
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

    /** @return the start of a streamed error answer, as text; the stream closed */
    static String errorTextAndClose(InputStream body) throws IOException {
        try (body) {
            return errorText(body);
        }
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
