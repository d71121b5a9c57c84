package dev.cairn.chapter;

import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.config.BreakerSettings;
import dev.cairn.config.ProviderSettings;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.provider.Provider;
import dev.cairn.provider.ProviderChain;
import dev.cairn.provider.ProviderReply;
import dev.cairn.provider.ProviderRequest;
import dev.cairn.ratelimit.RateLimiter;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Real provider chains for pipeline tests: real providers behind real circuit breakers and a real rate
 * limiter on the test Redis, with a key prefix of their own. Close it after use.
 */
public final class TestProviders implements AutoCloseable {

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<CircuitBreakerRegistry> registries = new ArrayList<>();

    /** @return a chain of the built-in offline provider */
    public ProviderChain offline() {
        return chain(Provider.offline());
    }

    /** @return a chain of one OpenAI-compatible provider named {@code fake} that talks to {@code server} */
    public ProviderChain fake(FakeProviderServer server) {
        return chain(Provider.openAiCompatible(new ProviderSettings("fake", URI.create(server.baseUrl()), Optional.empty(),
                "fake-model", Optional.empty(), Duration.ofSeconds(5)), meters));
    }

    /** @return a chain of one provider named {@code scripted} that answers every request with {@code answer} */
    public ProviderChain scripted(Function<ProviderRequest, String> answer) {
        return chain(new Provider() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public ProviderReply complete(ProviderRequest request) {
                return new ProviderReply(answer.apply(request), Duration.ZERO);
            }
        });
    }

    /** @return a chain of these providers, in failover order, each behind its own breaker */
    /** Closes every breaker these chains use (each unusable reply counts against its provider's breaker). */
    public void resetBreakers() {
        registries.forEach(registry -> registry.all().forEach(dev.cairn.breaker.CircuitBreaker::reset));
    }

    public ProviderChain chain(Provider... providers) {
        List<String> names = java.util.Arrays.stream(providers).map(Provider::name).toList();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.shared(names, TestRedis.client(), TestRedis.url(), keys,
                new BreakerSettings(BreakerSettings.DEFAULT_FAILURE_THRESHOLD, BreakerSettings.DEFAULT_FAILURE_WINDOW,
                        BreakerSettings.DEFAULT_RECOVERY_TIMEOUT, BreakerSettings.DEFAULT_HALF_OPEN_MAX_CALLS),
                Clock.systemUTC(), meters);
        registries.add(breakers);
        return ProviderChain.of(List.of(providers), breakers, RateLimiter.redis(TestRedis.client(), keys, Duration.ZERO, meters),
                Map.of(), Clock.systemUTC());
    }

    @Override
    public void close() {
        registries.forEach(CircuitBreakerRegistry::close);
    }
}
