package dev.cairn.provider.internal;

import dev.cairn.metrics.MetricNames;
import dev.cairn.provider.Provider;
import dev.cairn.provider.ProviderException;
import dev.cairn.provider.ProviderReply;
import dev.cairn.provider.ProviderRequest;
import dev.cairn.provider.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Times every call of a provider into {@code cairn.provider.request{provider,outcome}}, the outcome being
 * {@code ok}, the {@link ProviderException.Kind#tag() kind} of a provider failure, or {@code error} for
 * anything unexpected, and counts the tokens its successful replies say they used into
 * {@code cairn.provider.tokens{provider,kind}} (kind {@code prompt} or {@code completion}). Kept apart from the
 * providers so every provider is measured the same way.
 */
public final class MeteredProvider implements Provider {

    private static final String OK = "ok";
    private static final String ERROR = "error";

    private static final String PROMPT = "prompt";
    private static final String COMPLETION = "completion";

    private final Provider delegate;
    private final MeterRegistry registry;
    private final Counter promptTokens;
    private final Counter completionTokens;

    public MeteredProvider(Provider delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        // why: registered at zero, so rate() sees the first tokens after a restart
        this.promptTokens = tokens(PROMPT);
        this.completionTokens = tokens(COMPLETION);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ProviderReply complete(ProviderRequest request) {
        long start = System.nanoTime();
        String outcome = ERROR;
        try {
            ProviderReply reply = delegate.complete(request);
            outcome = OK;
            count(reply.usage());
            return reply;
        } catch (ProviderException e) {
            outcome = e.kind().tag();
            throw e;
        } finally {
            timer(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void count(TokenUsage usage) {
        if (usage.prompt() > 0) promptTokens.increment(usage.prompt());
        if (usage.completion() > 0) completionTokens.increment(usage.completion());
    }

    private Counter tokens(String kind) {
        return Counter.builder(MetricNames.PROVIDER_TOKENS)
                .description("Tokens the provider's replies say they used")
                .tag(MetricNames.TAG_PROVIDER, delegate.name())
                .tag(MetricNames.TAG_KIND, kind)
                .register(registry);
    }

    private Timer timer(String outcome) {
        // why: Micrometer caches meters by id, so building per call costs a map lookup, not a registration
        return Timer.builder(MetricNames.PROVIDER_REQUEST)
                .description("Provider calls by outcome")
                .tag(MetricNames.TAG_PROVIDER, delegate.name())
                .tag(MetricNames.TAG_OUTCOME, outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
