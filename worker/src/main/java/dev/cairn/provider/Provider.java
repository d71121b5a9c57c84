package dev.cairn.provider;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.ProviderSettings;
import dev.cairn.provider.internal.MeteredProvider;
import dev.cairn.provider.internal.OfflineProvider;
import dev.cairn.provider.internal.OpenAiCompatibleProvider;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * A text-generation provider: an OpenAI-compatible chat-completions endpoint, or the built-in
 * deterministic {@code offline} provider. Implementations are thread-safe.
 *
 * <p>A provider makes one attempt per call; retries, circuit breaking, rate limiting and failover are
 * the caller's business, guided by {@link ProviderException.Kind}.
 */
public interface Provider {

    /** @return the provider's name as listed in {@code CAIRN_PROVIDERS}, e.g. {@code openai} or {@code offline} */
    String name();

    /**
     * Makes one call.
     *
     * @param request what to ask
     * @return the reply, whose text is never blank
     * @throws ProviderException when no usable reply came back, classified by kind
     * @throws dev.cairn.api.CairnException (retryable, not a provider failure) when the calling thread is
     *                                      interrupted while waiting, e.g. a draining worker
     */
    ProviderReply complete(ProviderRequest request);

    /**
     * The built-in provider: deterministic (same request, byte-identical reply), local, extractive, no
     * network. Not metered.
     *
     * @return the provider, named {@value CairnConfig#OFFLINE_PROVIDER}
     */
    static Provider offline() {
        return new OfflineProvider();
    }

    /**
     * The built-in provider, recording {@code cairn_provider_request_seconds{provider="offline",outcome}}.
     *
     * @param registry where the request timer and the token counters ({@code cairn_provider_tokens_total}) go
     * @return the provider
     */
    static Provider offline(MeterRegistry registry) {
        return new MeteredProvider(new OfflineProvider(), registry);
    }

    /**
     * An OpenAI-compatible endpoint with its own HTTP client and the system clock, recording
     * {@code cairn_provider_request_seconds{provider,outcome}}.
     *
     * @param settings the provider's {@code CAIRN_PROVIDER_<NAME>_*} settings
     * @param registry where the request timer and the token counters ({@code cairn_provider_tokens_total}) go
     * @return the provider
     */
    static Provider openAiCompatible(ProviderSettings settings, MeterRegistry registry) {
        return openAiCompatible(settings, defaultHttpClient(settings), Clock.systemUTC(), registry);
    }

    /**
     * An OpenAI-compatible endpoint, recording {@code cairn_provider_request_seconds{provider,outcome}}.
     *
     * @param settings the provider's {@code CAIRN_PROVIDER_<NAME>_*} settings
     * @param http     the client to send with (may be shared between providers)
     * @param clock    wall-clock time, to read a Retry-After given as an HTTP date
     * @param registry where the request timer and the token counters ({@code cairn_provider_tokens_total}) go
     * @return the provider
     */
    static Provider openAiCompatible(ProviderSettings settings, HttpClient http, Clock clock, MeterRegistry registry) {
        return new MeteredProvider(new OpenAiCompatibleProvider(settings, http, clock), registry);
    }

    /**
     * A client suited to one provider: connect timeout bounded by the provider's timeout, no redirects
     * (a redirected POST is a misconfigured base URL), HTTP/1.1 for plain http (no h2c upgrade dance
     * with local servers).
     *
     * @param settings the provider's settings
     * @return a new client
     */
    static HttpClient defaultHttpClient(ProviderSettings settings) {
        Duration connect = settings.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.timeout() : Duration.ofSeconds(10);
        return HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version("http".equalsIgnoreCase(settings.baseUrl().getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .build();
    }
}
