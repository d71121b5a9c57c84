package dev.cairn.provider.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.api.CairnException;
import dev.cairn.config.ProviderSettings;
import dev.cairn.provider.Provider;
import dev.cairn.provider.ProviderException;
import dev.cairn.provider.ProviderException.Kind;
import dev.cairn.provider.ProviderReply;
import dev.cairn.provider.ProviderRequest;
import dev.cairn.provider.TokenUsage;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenAI-compatible chat-completions endpoint: {@code POST {base_url}/chat/completions}, reply text in
 * {@code choices[0].message.content}, token usage in {@code usage} ({@link ReplyUsage}). One attempt per call, bounded by the provider's timeout from the
 * first byte sent to the last byte of the body; every way it can fail becomes a classified
 * {@link ProviderException} whose message never holds the API key.
 */
public final class OpenAiCompatibleProvider implements Provider {

    /** The largest reply body accepted; more is a {@link Kind#BAD_REPLY}. */
    public static final int MAX_REPLY_BYTES = 2 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ProviderSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final URI endpoint;

    public OpenAiCompatibleProvider(ProviderSettings settings, HttpClient http, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.endpoint = URI.create(settings.baseUrl().toString().replaceAll("/+$", "") + "/chat/completions");
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public ProviderReply complete(ProviderRequest request) {
        long start = System.nanoTime();
        HttpResponse<CappedBody.Bytes> response = send(httpRequest(request));
        Completion completion = classify(response);
        return new ProviderReply(completion.text(), Duration.ofNanos(System.nanoTime() - start), completion.usage());
    }

    private HttpRequest httpRequest(ProviderRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        // why: some servers reject an empty system message; leaving it out means the same thing
        if (!request.system().isEmpty()) messages.addObject().put("role", "system").put("content", request.system());
        messages.addObject().put("role", "user").put("content", request.user());
        body.put("temperature", 0);
        if (request.expectJson()) body.putObject("response_format").put("type", "json_object");
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        settings.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key.reveal()));
        return builder.build();
    }

    private HttpResponse<CappedBody.Bytes> send(HttpRequest request) {
        AtomicReference<CappedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<CappedBody.Bytes>> future = http.sendAsync(request, CappedBody.handler(MAX_REPLY_BYTES, body));
        try {
            // why: HttpRequest.timeout only bounds the wait for headers; a server that sends headers and then
            // stalls the body would hold the worker forever without this bound on the whole exchange
            return future.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(future, body);
            throw failure(Kind.TIMEOUT, OptionalInt.empty(), "no complete reply within " + settings.timeout().toMillis() + " ms", null);
        } catch (InterruptedException e) {
            abort(future, body);
            Thread.currentThread().interrupt();
            // why: not the provider's fault, so not a ProviderException its breaker would count
            throw CairnException.retryable("interrupted while waiting for provider '" + name() + "'", e);
        } catch (ExecutionException e) {
            throw transportFailure(e.getCause());
        }
    }

    private static void abort(CompletableFuture<?> future, AtomicReference<CappedBody> body) {
        future.cancel(true);
        CappedBody started = body.get();
        if (started != null) started.abort();
    }

    private ProviderException transportFailure(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
        if (cause instanceof HttpTimeoutException) {
            return failure(Kind.TIMEOUT, OptionalInt.empty(), "no reply within " + settings.timeout().toMillis() + " ms", cause);
        }
        String what = cause instanceof ConnectException ? "cannot connect to " + endpoint.getHost() + ":" + port()
                : cause instanceof IOException ? "connection failed" : "request failed";
        String reason = cause == null || cause.getMessage() == null ? (cause == null ? "" : cause.getClass().getSimpleName())
                : Redaction.excerpt(cause.getMessage(), settings.apiKey());
        return failure(Kind.NETWORK, OptionalInt.empty(), what + (reason.isEmpty() ? "" : " (" + reason + ")"), cause);
    }

    /** A usable reply's text and the tokens it says it used. */
    private record Completion(String text, TokenUsage usage) {
    }

    private Completion classify(HttpResponse<CappedBody.Bytes> response) {
        int status = response.statusCode();
        CappedBody.Bytes body = response.body();
        OptionalInt code = OptionalInt.of(status);
        if (status >= 200 && status < 300) return replyText(body, code);
        String excerpt = Redaction.excerpt(body.text(), settings.apiKey());
        if (status == 429) {
            throw new ProviderException(name(), Kind.RATE_LIMITED, code, RetryAfter.of(response.headers(), clock), excerpt, null);
        }
        if (status >= 500 && status < 600) {
            throw new ProviderException(name(), Kind.SERVER_ERROR, code, RetryAfter.of(response.headers(), clock), excerpt, null);
        }
        if (status == 408) throw failure(Kind.TIMEOUT, code, excerpt, null);
        // why: 400/401/403/404/422 (and any other status) mean the request, key or base URL is wrong: retrying cannot help
        throw failure(Kind.REJECTED, code, excerpt, null);
    }

    private Completion replyText(CappedBody.Bytes body, OptionalInt status) {
        if (body.truncated()) {
            throw failure(Kind.BAD_REPLY, status, "reply larger than " + MAX_REPLY_BYTES / (1024 * 1024) + " MB", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body.data());
        } catch (IOException e) {
            throw failure(Kind.BAD_REPLY, status, "reply is not JSON: " + Redaction.excerpt(body.text(), settings.apiKey()), null);
        }
        JsonNode content = root == null ? null : root.path("choices").path(0).path("message").path("content");
        String text = content == null ? null : text(content);
        if (text == null) {
            throw failure(Kind.BAD_REPLY, status, "no choices[0].message.content in the reply: "
                    + Redaction.excerpt(body.text(), settings.apiKey()), null);
        }
        if (text.isBlank()) {
            String finish = root.path("choices").path(0).path("finish_reason").asText("");
            throw failure(Kind.BAD_REPLY, status, "empty content" + (finish.isEmpty() ? "" : " (finish_reason " + Redaction.excerpt(finish, settings.apiKey()) + ")"), null);
        }
        return new Completion(text, ReplyUsage.of(root));
    }

    /** Content is a string, or (newer servers) an array of {@code {"type": "text", "text": …}} parts. */
    private static String text(JsonNode content) {
        if (content.isTextual()) return content.textValue();
        if (!content.isArray()) return null;
        StringBuilder s = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) s.append(part.path("text").textValue());
        }
        return s.toString();
    }

    private ProviderException failure(Kind kind, OptionalInt status, String detail, Throwable cause) {
        return new ProviderException(name(), kind, status, Optional.empty(), detail, cause);
    }

    private int port() {
        if (endpoint.getPort() != -1) return endpoint.getPort();
        return "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + name() + ", " + endpoint + ", model " + settings.model() + "]";
    }
}
