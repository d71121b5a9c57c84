package dev.cairn.provider.internal;

import dev.cairn.metrics.MetricNames;
import dev.cairn.provider.Provider;
import dev.cairn.provider.ProviderException;
import dev.cairn.provider.ProviderReply;
import dev.cairn.provider.ProviderRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Times every call of a provider into {@code cairn.provider.request{provider,outcome}}, the outcome being
 * {@code ok}, the {@link ProviderException.Kind#tag() kind} of a provider failure, or {@code error} for
 * anything unexpected. Kept apart from the providers so every provider is measured the same way.
 */
public final class MeteredProvider implements Provider {

    private static final String OK = "ok";
    private static final String ERROR = "error";

    private final Provider delegate;
    private final MeterRegistry registry;

    public MeteredProvider(Provider delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
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
            return reply;
        } catch (ProviderException e) {
            outcome = e.kind().tag();
            throw e;
        } finally {
            timer(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
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
