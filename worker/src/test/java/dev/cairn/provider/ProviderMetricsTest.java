package dev.cairn.provider;

import dev.cairn.config.ProviderSettings;
import dev.cairn.metrics.MetricNames;
import dev.cairn.provider.FakeProviderServer.Behaviour;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProviderMetricsTest {

    private static final ProviderRequest REQUEST = ProviderRequest.summary("sys", "summarise", "Some text to summarise here.");

    private final FakeProviderServer server = FakeProviderServer.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        server.close();
    }

    private Provider provider(Duration timeout, Clock clock) {
        ProviderSettings settings = OpenAiCompatibleProviderTest.settings(server.baseUrl(), Optional.empty(), timeout);
        return Provider.openAiCompatible(settings, Provider.defaultHttpClient(settings), clock, registry);
    }

    private long count(String provider, String outcome) {
        Timer timer = registry.find(MetricNames.PROVIDER_REQUEST).tag(MetricNames.TAG_PROVIDER, provider).tag(MetricNames.TAG_OUTCOME, outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void shouldRecordEveryCallWithItsOutcome() {
        Provider provider = provider(Duration.ofMillis(300), Clock.systemUTC());
        server.enqueue(Behaviour.ok("fine"), Behaviour.ok("fine"), Behaviour.status(503), Behaviour.status(401),
                Behaviour.rateLimited(Optional.empty()), Behaviour.garbage(), Behaviour.hang(), Behaviour.drop());

        for (int i = 0; i < 8; i++) {
            try {
                provider.complete(REQUEST);
            } catch (ProviderException expected) {
                // counted below
            }
        }

        assertThat(count("fake", "ok")).isEqualTo(2);
        assertThat(count("fake", "server_error")).isEqualTo(1);
        assertThat(count("fake", "rejected")).isEqualTo(1);
        assertThat(count("fake", "rate_limited")).isEqualTo(1);
        assertThat(count("fake", "bad_reply")).isEqualTo(1);
        assertThat(count("fake", "timeout")).isEqualTo(1);
        assertThat(count("fake", "network")).isEqualTo(1);
        assertThat(registry.find(MetricNames.PROVIDER_REQUEST).timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    private double tokens(String provider, String kind) {
        return registry.get(MetricNames.PROVIDER_TOKENS).tag(MetricNames.TAG_PROVIDER, provider).tag(MetricNames.TAG_KIND, kind).counter().count();
    }

    @Test
    void shouldCountTheTokensAReplySaysItUsed() {
        Provider provider = provider(Duration.ofSeconds(5), Clock.systemUTC());
        assertThat(tokens("fake", "prompt")).as("registered at zero").isZero();
        assertThat(tokens("fake", "completion")).as("registered at zero").isZero();
        server.enqueue(Behaviour.raw(200, FakeProviderServer.completion("fine", "{\"prompt_tokens\": 120, \"completion_tokens\": 35, \"total_tokens\": 155}")),
                Behaviour.raw(200, FakeProviderServer.completion("fine", "{\"input_tokens\": 7, \"output_tokens\": 3}")));

        ProviderReply first = provider.complete(REQUEST);
        provider.complete(REQUEST);

        assertThat(first.usage()).isEqualTo(new TokenUsage(120, 35));
        assertThat(tokens("fake", "prompt")).isEqualTo(127);
        assertThat(tokens("fake", "completion")).isEqualTo(38);
    }

    @Test
    void shouldCountNothingWhenAReplySaysNothingUsable() {
        Provider provider = provider(Duration.ofSeconds(5), Clock.systemUTC());
        server.enqueue(Behaviour.ok("no usage at all"),
                Behaviour.raw(200, FakeProviderServer.completion("fine", "null")),
                Behaviour.raw(200, FakeProviderServer.completion("fine", "{\"prompt_tokens\": \"12\", \"completion_tokens\": -4}")),
                Behaviour.raw(200, FakeProviderServer.completion("fine", "{\"prompt_tokens\": 2.5, \"completion_tokens\": 9}")),
                // a failed call's usage is not counted: the reply is unusable
                Behaviour.raw(200, "{\"choices\": [], \"usage\": {\"prompt_tokens\": 50, \"completion_tokens\": 50}}"));

        for (int i = 0; i < 4; i++) assertThat(provider.complete(REQUEST).text()).isNotBlank();
        catchThrowableOfType(ProviderException.class, () -> provider.complete(REQUEST));

        assertThat(tokens("fake", "prompt")).isZero();
        assertThat(tokens("fake", "completion")).isEqualTo(9);
        assertThat(Provider.offline(registry).complete(REQUEST).usage()).isEqualTo(TokenUsage.NONE);
        assertThat(tokens("offline", "prompt")).isZero();
    }

    @Test
    void shouldRecordTheOfflineProviderToo() {
        Provider offline = Provider.offline(registry);

        offline.complete(REQUEST);

        assertThat(offline.name()).isEqualTo("offline");
        assertThat(count("offline", "ok")).isEqualTo(1);
    }

    @Test
    void shouldReadRetryAfterAsAnHttpDateOrMilliseconds() {
        Instant now = Instant.parse("2030-01-01T12:00:00Z");
        Provider provider = provider(Duration.ofSeconds(5), Clock.fixed(now, ZoneOffset.UTC));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(42), ZoneOffset.UTC));
        server.enqueue(Behaviour.withHeader("Retry-After", date, Behaviour.status(429)),
                Behaviour.withHeader("retry-after-ms", "1500", Behaviour.status(429)),
                Behaviour.withHeader("Retry-After", "soon", Behaviour.status(429)),
                Behaviour.withHeader("Retry-After", "120", Behaviour.status(503)));

        assertThat(retryAfter(provider)).contains(Duration.ofSeconds(42));
        assertThat(retryAfter(provider)).contains(Duration.ofMillis(1500));
        assertThat(retryAfter(provider)).isEmpty();
        assertThat(retryAfter(provider)).contains(Duration.ofSeconds(120));
    }

    @Test
    void shouldBuildAClientPerProviderSettings() {
        ProviderSettings settings = OpenAiCompatibleProviderTest.settings(server.baseUrl(), Optional.empty(), Duration.ofSeconds(2));

        HttpClient client = Provider.defaultHttpClient(settings);

        assertThat(client.connectTimeout()).contains(Duration.ofSeconds(2));
        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
    }

    private static Optional<Duration> retryAfter(Provider provider) {
        return catchThrowableOfType(ProviderException.class, () -> provider.complete(REQUEST)).retryAfter();
    }
}
