package dev.cairn.provider;

import dev.cairn.config.ProviderSettings;
import dev.cairn.config.ProviderSettings.Secret;
import dev.cairn.provider.FakeProviderServer.Behaviour;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.cairn.provider.OpenAiCompatibleProviderTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The API key must never leave through an error, a stack trace or a toString. */
class ProviderSecretsTest {

    private static final String KEY_START = KEY.substring(0, 12);
    private static final String KEY_END = KEY.substring(KEY.length() - 10);

    private final FakeProviderServer server = FakeProviderServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private Provider provider() {
        ProviderSettings settings = OpenAiCompatibleProviderTest.settings(server.baseUrl(), Optional.of(new Secret(KEY)), Duration.ofMillis(300));
        return Provider.openAiCompatible(settings, new SimpleMeterRegistry());
    }

    @Test
    void shouldNeverPutTheKeyInAnyFailure() {
        String echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". Bearer " + KEY
                + " sk-cairn-TEST-7f3a****************ECRET api_key=" + KEY + "\"}}";
        String partial = "Incorrect API key provided: " + KEY.substring(0, 14) + "…" + KEY.substring(KEY.length() - 9);
        List<Behaviour> behaviours = List.of(
                Behaviour.raw(401, echo), Behaviour.raw(400, partial), Behaviour.raw(500, echo), Behaviour.raw(429, echo),
                Behaviour.raw(200, echo), Behaviour.raw(200, "not json " + KEY), Behaviour.raw(503, "x".repeat(150) + KEY),
                Behaviour.raw(200, "{\"choices\": [{\"message\": {\"content\": \"\"}, \"finish_reason\": \"" + KEY + "\"}]}"),
                Behaviour.hang(), Behaviour.headersThenHang(), Behaviour.drop());
        Provider provider = provider();
        for (Behaviour behaviour : behaviours) {
            server.enqueue(behaviour);
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(
                    ProviderRequest.summary("sys", "user", "text")));
            assertThat(e).isNotNull();
            String everything = e + "\n" + stackTrace(e);
            assertThat(everything).as("failure %s", e.getMessage())
                    .doesNotContain(KEY).doesNotContain(KEY_START).doesNotContain(KEY_END);
        }
        assertThat(server.requestCount()).isEqualTo(behaviours.size());
        assertThat(server.lastRequest().orElseThrow().header("Authorization")).contains("Bearer " + KEY);
    }

    @Test
    void shouldNeverShowTheKeyInToString() {
        ProviderSettings settings = OpenAiCompatibleProviderTest.settings(server.baseUrl(), Optional.of(new Secret(KEY)), Duration.ofSeconds(1));

        assertThat(settings.toString()).doesNotContain(KEY).contains("***");
        assertThat(new Secret(KEY).toString()).isEqualTo("***");
        assertThat(provider().toString()).doesNotContain(KEY);
        assertThat(new Secret(KEY).reveal()).isEqualTo(KEY);
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
