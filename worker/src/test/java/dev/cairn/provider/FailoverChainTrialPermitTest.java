package dev.cairn.provider;

import dev.cairn.api.CairnException;
import dev.cairn.api.RescheduleException;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.config.BreakerSettings;
import dev.cairn.config.ProviderSettings;
import dev.cairn.ratelimit.RateLimiter;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cairn.provider.FakeProviderServer.Behaviour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A half-open round of one trial call: a call that ends without an outcome (rate-limited, Redis down,
 * interrupted, the reader's own error) must not keep the round's only trial permit, or the provider's
 * recovery waits for the round's timeout (a minute here) instead of the next call.
 */
class FailoverChainTrialPermitTest {

    private static final String ACME = "acme";
    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final BreakerSettings settings = new BreakerSettings(3, Duration.ofSeconds(60), Duration.ofMillis(300), 1);
    private final FakeProviderServer server = FakeProviderServer.start().respondWith(Behaviour.ok("fine"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.shared(List.of(ACME), TestRedis.client(),
            TestRedis.url(), keys, settings, Clock.systemUTC(), meters).start();
    private final CircuitBreaker breaker = breakers.breaker(ACME);

    @AfterEach
    void close() {
        breakers.close();
        server.close();
    }

    private ProviderChain chain(RateLimiter limiter, Map<String, ProviderSettings.RateLimit> limits) {
        Provider acme = Provider.openAiCompatible(new ProviderSettings(ACME, URI.create(server.baseUrl()), Optional.empty(), "m",
                Optional.empty(), Duration.ofSeconds(2)), meters);
        return ProviderChain.of(List.of(acme), breakers, limiter, limits, Clock.systemUTC());
    }

    private ProviderChain unlimited() {
        return chain(RateLimiter.redis(TestRedis.client(), keys, Duration.ZERO, meters), Map.of());
    }

    private static ProviderRequest request() {
        return ProviderRequest.summary("system", "summarize", "Some text. More text.");
    }

    /** Opens the breaker and waits until its recovery timeout has passed: the next call is the round's trial. */
    private void dueForATrial() {
        Instant retryAt = breaker.forceOpen().retryAt();
        await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(retryAt.plusMillis(20)));
    }

    private void assertTheNextCallIsTheTrialAndRecovers() {
        assertThat(unlimited().call(request()).text()).isEqualTo("fine");
        assertThat(breaker.refresh().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldNotHoldTheTrialPermitWhenTheRateLimitReschedulesTheCall() {
        ProviderChain limited = chain(RateLimiter.redis(TestRedis.client(), keys, Duration.ZERO, meters),
                Map.of(ACME, new ProviderSettings.RateLimit(1, Duration.ofMinutes(10))));
        limited.call(request()); // the limit's only permit
        dueForATrial();

        assertThatThrownBy(() -> limited.call(request())).isInstanceOf(RescheduleException.class);
        assertTheNextCallIsTheTrialAndRecovers();
    }

    @Test
    void shouldNotHoldTheTrialPermitWhenTheRateLimitCannotReachRedis() {
        try (OwnRedis own = OwnRedis.start(); RedisClient ownClient = RedisConnections.connect(own.url())) {
            ProviderChain limited = chain(RateLimiter.redis(ownClient, keys, Duration.ZERO, meters),
                    Map.of(ACME, new ProviderSettings.RateLimit(100, Duration.ofMinutes(1))));
            own.stop();
            dueForATrial();

            assertThatThrownBy(() -> limited.call(request())).isInstanceOfSatisfying(RescheduleException.class, e ->
                    assertThat(e.getMessage()).contains("rate limit"));
            assertTheNextCallIsTheTrialAndRecovers();
        }
    }

    @Test
    void shouldGiveBackTheTrialPermitWhenTheReaderFailsOnItsOwn() {
        dueForATrial();

        assertThatThrownBy(() -> unlimited().call(request(), reply -> {
            throw new IllegalStateException("a bug in the step, not in the reply");
        })).isInstanceOf(IllegalStateException.class);
        assertTheNextCallIsTheTrialAndRecovers();
    }

    @Test
    void shouldGiveBackTheTrialPermitWhenTheCallIsInterrupted() {
        server.respondWith(Behaviour.slow(Duration.ofSeconds(1), Behaviour.ok("fine")));
        dueForATrial();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> unlimited().call(request())).isInstanceOfSatisfying(CairnException.class, e ->
                    assertThat(e).isNotInstanceOf(ProviderException.class));
        } finally {
            Thread.interrupted();
        }
        server.respondWith(Behaviour.ok("fine"));
        assertTheNextCallIsTheTrialAndRecovers();
    }

    @Test
    void shouldKeepATrialCallsPaidReplyWhenItsBreakerCannotBeToldOfTheSuccess() {
        try (OwnRedis own = OwnRedis.start(); RedisClient ownClient = RedisConnections.connect(own.url());
             CircuitBreakerRegistry ownBreakers = CircuitBreakerRegistry.shared(List.of(ACME), ownClient, own.url(), keys,
                     settings, Clock.systemUTC(), meters).start()) {
            Instant retryAt = ownBreakers.breaker(ACME).forceOpen().retryAt();
            await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(retryAt.plusMillis(20)));
            // the provider answers the trial call, and Redis is gone by the time the success is reported
            server.respondWith((request, number) -> {
                own.stop();
                return Behaviour.ok("paid reply");
            });
            Provider acme = Provider.openAiCompatible(new ProviderSettings(ACME, URI.create(server.baseUrl()), Optional.empty(), "m",
                    Optional.empty(), Duration.ofSeconds(2)), meters);
            ProviderChain chain = ProviderChain.of(List.of(acme), ownBreakers, RateLimiter.redis(ownClient, keys, Duration.ZERO, meters),
                    Map.of(), Clock.systemUTC());

            assertThat(chain.call(request()).text()).isEqualTo("paid reply");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void shouldNotSpendARateLimitPermitOnACallItsOpenBreakerRefuses() {
        ProviderChain limited = chain(RateLimiter.redis(TestRedis.client(), keys, Duration.ZERO, meters),
                Map.of(ACME, new ProviderSettings.RateLimit(1, Duration.ofMinutes(10))));
        breaker.forceOpen();
        for (int i = 0; i < 3; i++) assertThatThrownBy(() -> limited.call(request())).isInstanceOf(RescheduleException.class);
        breaker.reset();
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.snapshot().state() == BreakerState.CLOSED);

        assertThat(limited.call(request()).text()).as("the limit's permit is still there").isEqualTo("fine");
    }
}
