package dev.cairn.runtime.internal;

import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ProviderSettings;
import dev.cairn.provider.Provider;
import dev.cairn.provider.ProviderChain;
import dev.cairn.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the provider chain from {@code CAIRN_PROVIDERS} and the {@code CAIRN_PROVIDER_<NAME>_*} settings. */
public final class Providers {

    private Providers() {
    }

    /** @return the providers in failover order, each behind its breaker and rate limit */
    public static ProviderChain chain(CairnConfig config, CircuitBreakerRegistry breakers, RateLimiter limiter, Clock clock,
                                      MeterRegistry meters) {
        Map<String, ProviderSettings.RateLimit> limits = new LinkedHashMap<>();
        List<Provider> providers = config.providers().stream().map(name -> {
            if (CairnConfig.OFFLINE_PROVIDER.equals(name)) return Provider.offline(meters);
            ProviderSettings settings = config.providerSettings().get(name);
            settings.rateLimit().ifPresent(limit -> limits.put(name, limit));
            return Provider.openAiCompatible(settings, meters);
        }).toList();
        return ProviderChain.of(providers, breakers, limiter, limits, clock);
    }
}
