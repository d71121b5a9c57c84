package dev.cairn.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.config.ProviderSettings;
import dev.cairn.config.ProviderSettings.Secret;
import dev.cairn.provider.FakeProviderServer.Behaviour;
import dev.cairn.provider.ProviderException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OpenAiCompatibleProviderTest {

    static final String KEY = "sk-cairn-TEST-7f3a9c1e5b2d4f60-SECRET";
    private static final ProviderRequest OUTLINE = ProviderRequest.outline("You write outlines.", "Outline: Rust ownership", "Rust ownership", 3, "");
    private static final ProviderRequest SECTION = ProviderRequest.section("You write sections.", "Write it", "Rust", "Borrowing", "About borrows", "");

    private final FakeProviderServer server = FakeProviderServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    static ProviderSettings settings(String baseUrl, Optional<Secret> key, Duration timeout) {
        return new ProviderSettings("fake", URI.create(baseUrl), key, "fake-model", Optional.empty(), timeout);
    }

    private Provider provider(Duration timeout) {
        return Provider.openAiCompatible(settings(server.baseUrl(), Optional.of(new Secret(KEY)), timeout),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private ProviderException failure(Provider provider, ProviderRequest request) {
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(request));
        assertThat(e).as("a ProviderException").isNotNull();
        return e;
    }

    @Test
    void shouldPostModelMessagesAndBearerKeyAndReturnTheContent() {
        server.respondWith(Behaviour.ok("{\"title\":\"x\"}"));

        ProviderReply reply = provider(Duration.ofSeconds(5)).complete(OUTLINE);

        assertThat(reply.text()).isEqualTo("{\"title\":\"x\"}");
        assertThat(reply.latency()).isPositive();
        FakeProviderServer.Request request = server.lastRequest().orElseThrow();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).contains("Bearer " + KEY);
        assertThat(request.header("Content-Type")).contains("application/json");
        ObjectNode body = request.json();
        assertThat(body.path("model").asText()).isEqualTo("fake-model");
        assertThat(body.path("temperature").asInt(-1)).isZero();
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo("You write outlines.");
        assertThat(body.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(1).path("content").asText()).isEqualTo("Outline: Rust ownership");
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
    }

    @Test
    void shouldSendNoAuthorizationWithoutAKeyAndNoResponseFormatForText() {
        Provider keyless = Provider.openAiCompatible(settings(server.baseUrl() + "/", Optional.empty(), Duration.ofSeconds(5)),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

        assertThat(keyless.complete(SECTION).text()).isEqualTo("fake reply");

        FakeProviderServer.Request request = server.lastRequest().orElseThrow();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).isEmpty();
        assertThat(request.json().has("response_format")).isFalse();
    }

    @Test
    void shouldTimeOutASlowReply() {
        server.respondWith(Behaviour.slow(Duration.ofSeconds(3), Behaviour.ok("late")));
        long start = System.nanoTime();

        ProviderException e = failure(provider(Duration.ofMillis(200)), SECTION);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.isBreakerFailure()).isTrue();
        assertThat(e.getMessage()).contains("'fake'").contains("TIMEOUT");
    }

    @Test
    void shouldTimeOutAServerThatNeverAnswers() {
        server.respondWith(Behaviour.hang());

        assertThat(failure(provider(Duration.ofMillis(200)), SECTION).kind()).isEqualTo(Kind.TIMEOUT);
    }

    @Test
    void shouldTimeOutAServerThatSendsHeadersThenStalls() {
        server.respondWith(Behaviour.headersThenHang());
        long start = System.nanoTime();

        ProviderException e = failure(provider(Duration.ofMillis(200)), SECTION);

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void shouldClassify429AsRateLimitedWithRetryAfter() {
        server.respondWith(Behaviour.rateLimited(Optional.of(Duration.ofSeconds(7))));

        ProviderException e = failure(provider(Duration.ofSeconds(5)), SECTION);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.isBreakerFailure()).isTrue();
        assertThat(e.getMessage()).contains("RATE_LIMITED").contains("HTTP 429");
    }

    @Test
    void shouldClassify429WithoutRetryAfter() {
        server.respondWith(Behaviour.rateLimited(Optional.empty()));

        ProviderException e = failure(provider(Duration.ofSeconds(5)), SECTION);

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void shouldClassify5xxAsServerError(int status) {
        server.respondWith(Behaviour.status(status));

        ProviderException e = failure(provider(Duration.ofSeconds(5)), SECTION);

        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.httpStatus()).hasValue(status);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.isBreakerFailure()).isTrue();
        assertThat(e.getMessage()).contains("HTTP " + status).contains("fake error " + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void shouldClassifyClientErrorsAsRejectedAndPermanent(int status) {
        server.respondWith(Behaviour.status(status));

        ProviderException e = failure(provider(Duration.ofSeconds(5)), SECTION);

        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.httpStatus()).hasValue(status);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.isBreakerFailure()).isFalse();
        assertThat(dev.cairn.api.CairnException.isPermanent(e)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<html>502 Bad Gateway</html> {not json",
            "",
            "{\"id\": \"x\"}",
            "{\"choices\": []}",
            "{\"choices\": [{\"message\": {\"role\": \"assistant\"}}]}",
            "{\"choices\": [{\"message\": {\"content\": null}}]}",
            "{\"choices\": [{\"message\": {\"content\": \"\"}}]}",
            "{\"choices\": [{\"message\": {\"content\": \"   \"}, \"finish_reason\": \"length\"}]}",
            "{\"choices\": [{\"message\": {\"content\": \"ok\"}}]} trailing",
            "[1, 2, 3]",
    })
    void shouldClassifyUnusableRepliesAsBadReply(String body) {
        server.respondWith(Behaviour.raw(200, body));

        ProviderException e = failure(provider(Duration.ofSeconds(5)), SECTION);

        assertThat(e.kind()).isEqualTo(Kind.BAD_REPLY);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.isBreakerFailure()).isTrue();
    }

    @Test
    void shouldRefuseAReplyLargerThanTheCap() {
        server.respondWith(Behaviour.ok("x".repeat(3 * 1024 * 1024)));

        ProviderException e = failure(provider(Duration.ofSeconds(10)), SECTION);

        assertThat(e.kind()).isEqualTo(Kind.BAD_REPLY);
        assertThat(e.getMessage()).contains("larger than 2 MB").hasSizeLessThan(300);
    }

    @Test
    void shouldClassifyConnectionRefusedAsNetwork() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Provider nowhere = Provider.openAiCompatible(settings("http://127.0.0.1:" + port + "/v1", Optional.of(new Secret(KEY)), Duration.ofSeconds(2)),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

        ProviderException e = failure(nowhere, SECTION);

        assertThat(e.kind()).isEqualTo(Kind.NETWORK);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.isBreakerFailure()).isTrue();
        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
    }

    @Test
    void shouldClassifyADroppedConnectionAsNetwork() {
        server.respondWith(Behaviour.drop());

        assertThat(failure(provider(Duration.ofSeconds(5)), SECTION).kind()).isIn(Kind.NETWORK);
    }

    @Test
    void shouldKeepOnlyAShortExcerptOfALongErrorBody() {
        server.respondWith(Behaviour.raw(500, "{\"error\": \"" + "overloaded ".repeat(2000) + "\"}"));

        ProviderException e = failure(provider(Duration.ofSeconds(5)), SECTION);

        assertThat(e.getMessage()).contains("overloaded").hasSizeLessThan(300);
    }
}
