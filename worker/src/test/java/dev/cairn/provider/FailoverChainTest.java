package dev.cairn.provider;

import dev.cairn.api.CairnException;
import dev.cairn.api.RescheduleException;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.config.BreakerSettings;
import dev.cairn.config.ProviderSettings;
import dev.cairn.ratelimit.RateLimiter;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cairn.provider.FakeProviderServer.Behaviour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failover across two fake providers, each behind a real breaker and rate limit on the test Redis. */
class FailoverChainTest {

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final BreakerSettings breakerSettings = new BreakerSettings(3, Duration.ofSeconds(60), Duration.ofSeconds(30), 2);
    private final FakeProviderServer primary = FakeProviderServer.start();
    private final FakeProviderServer backup = FakeProviderServer.start();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.shared(List.of("primary", "backup"), TestRedis.client(),
            TestRedis.url(), keys, breakerSettings, Clock.systemUTC(), meters);

    @AfterEach
    void close() {
        breakers.close();
        primary.close();
        backup.close();
    }

    private Provider provider(String name, FakeProviderServer server) {
        return Provider.openAiCompatible(new ProviderSettings(name, URI.create(server.baseUrl()), Optional.empty(), "m",
                Optional.empty(), Duration.ofSeconds(2)), meters);
    }

    private ProviderChain chain(Map<String, ProviderSettings.RateLimit> limits) {
        return ProviderChain.of(List.of(provider("primary", primary), provider("backup", backup)), breakers,
                RateLimiter.redis(TestRedis.client(), keys, Duration.ZERO, meters), limits, Clock.systemUTC());
    }

    private static ProviderRequest request() {
        return ProviderRequest.summary("system", "summarize", "Some text. More text.");
    }

    @Test
    void shouldFailOverToTheNextProviderAndStopCallingAFailingOneOnceItsBreakerOpens() {
        primary.respondWith(Behaviour.status(500));
        backup.respondWith(Behaviour.ok("from backup"));
        ProviderChain chain = chain(Map.of());

        for (int i = 0; i < 10; i++) assertThat(chain.call(request()).text()).isEqualTo("from backup");

        assertThat(primary.requestCount()).as("the primary is called until its breaker opens, then never").isEqualTo(3);
        assertThat(breakers.breaker("primary").snapshot().state()).isEqualTo(BreakerState.OPEN);
        assertThat(backup.requestCount()).isEqualTo(10);
    }

    @Test
    void shouldRescheduleForTheEarliestHalfOpenWhenEveryBreakerIsOpen() {
        breakers.breaker("primary").forceOpen();
        breakers.breaker("backup").forceOpen();

        assertThatThrownBy(() -> chain(Map.of()).call(request()))
                .isInstanceOfSatisfying(RescheduleException.class, e -> {
                    assertThat(e.delay()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
                    assertThat(e.getMessage()).contains("primary", "backup");
                });
        assertThat(primary.requestCount() + backup.requestCount()).isZero();
    }

    @Test
    void shouldStopAtAPermanentRejectionWithoutFailingOver() {
        primary.respondWith(Behaviour.status(401));
        backup.respondWith(Behaviour.ok("never"));
        assertThatThrownBy(() -> chain(Map.of()).call(request()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.REJECTED);
                    assertThat(CairnException.isPermanent(e)).isTrue();
                });
        assertThat(backup.requestCount()).isZero();
        assertThat(breakers.breaker("primary").snapshot().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldThrowTheLastRetryableFailureWhenEveryProviderFailed() {
        primary.respondWith(Behaviour.status(503));
        backup.respondWith(Behaviour.garbage());
        assertThatThrownBy(() -> chain(Map.of()).call(request()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.provider()).isEqualTo("backup");
                    assertThat(e.isRetryable()).isTrue();
                });
    }

    @Test
    void shouldCountAnUnusableReplyAgainstItsProviderAndFailOver() {
        primary.respondWith(Behaviour.ok("not the JSON that was asked for"));
        backup.respondWith(Behaviour.ok("{\"ok\": true}"));
        ProviderChain chain = chain(Map.of());

        for (int i = 0; i < 5; i++) {
            String text = chain.call(request(), reply -> {
                if (!reply.text().startsWith("{")) throw new UnusableReplyException("the reply is not JSON");
                return reply.text();
            });
            assertThat(text).isEqualTo("{\"ok\": true}");
        }
        assertThat(breakers.breaker("primary").snapshot().state()).as("three unusable replies open it").isEqualTo(BreakerState.OPEN);
        assertThat(primary.requestCount()).isEqualTo(3);
    }

    @Test
    void shouldNameTheProviderWhoseReplyWasUnusable() {
        primary.respondWith(Behaviour.ok(""  + "plain text"));
        backup.respondWith(Behaviour.ok("also plain"));
        assertThatThrownBy(() -> chain(Map.of()).call(request(), reply -> {
            throw new UnusableReplyException("the reply is not JSON");
        })).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REPLY);
            assertThat(e.provider()).isEqualTo("backup");
            assertThat(e.getMessage()).contains("not JSON");
        });
    }

    @Test
    void shouldMoveToTheNextProviderWhenTheFirstIsOverItsRateLimit() {
        primary.respondWith(Behaviour.ok("from primary"));
        backup.respondWith(Behaviour.ok("from backup"));
        ProviderChain chain = chain(Map.of("primary", new ProviderSettings.RateLimit(2, Duration.ofMinutes(1))));
        List<String> texts = java.util.stream.IntStream.range(0, 4).mapToObj(i -> chain.call(request()).text()).toList();
        assertThat(texts).containsExactly("from primary", "from primary", "from backup", "from backup");
    }
}
