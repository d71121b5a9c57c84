package dev.cairn.provider.internal;

import dev.cairn.api.RescheduleException;
import dev.cairn.breaker.BreakerOpenException;
import dev.cairn.breaker.CircuitBreaker;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.breaker.Permit;
import dev.cairn.config.ProviderSettings;
import dev.cairn.provider.NoProviderAvailableException;
import dev.cairn.provider.Provider;
import dev.cairn.provider.ProviderChain;
import dev.cairn.provider.ProviderException;
import dev.cairn.provider.ProviderReply;
import dev.cairn.provider.ProviderRequest;
import dev.cairn.provider.UnusableReplyException;
import dev.cairn.ratelimit.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link ProviderChain}: failover across providers, each behind its breaker and rate limit. */
public final class FailoverChain implements ProviderChain {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverChain.class);

    private final List<Provider> providers;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiter limiter;
    private final Map<String, ProviderSettings.RateLimit> limits;
    private final Clock clock;

    public FailoverChain(List<Provider> providers, CircuitBreakerRegistry breakers, RateLimiter limiter,
                         Map<String, ProviderSettings.RateLimit> limits, Clock clock) {
        if (providers.isEmpty()) throw new IllegalArgumentException("at least one provider is needed");
        this.providers = List.copyOf(providers);
        this.breakers = breakers;
        this.limiter = limiter;
        this.limits = Map.copyOf(limits);
        this.clock = clock;
        this.limits.keySet().forEach(limiter::register);
    }

    @Override
    public List<String> names() {
        return providers.stream().map(Provider::name).toList();
    }

    @Override
    public <T> T call(ProviderRequest request, ReplyReader<T> reader) {
        Instant earliest = null;
        List<String> waiting = new ArrayList<>();
        List<String> openBreakers = new ArrayList<>();
        ProviderException lastFailure = null;
        for (Provider provider : providers) {
            CircuitBreaker breaker = breakers.breaker(provider.name());
            Permit permit;
            try {
                // why: the rate limit first, so a trial permit is never held while its call waits for the limit
                // (or is rescheduled by it); a breaker this worker knows is open spares the limit's permit
                breaker.rejectIfKnownOpen();
                takeRateLimit(provider);
                permit = breaker.tryAcquire();
            } catch (BreakerOpenException open) {
                earliest = earliest(earliest, open.retryAt());
                openBreakers.add(provider.name());
                waiting.add(provider.name() + " (breaker " + (open.retryAt() == null ? "open" : "open until " + open.retryAt()) + ")");
                continue;
            } catch (RescheduleException limited) {
                earliest = earliest(earliest, clock.instant().plus(limited.delay()));
                waiting.add(provider.name() + " (rate limit for " + limited.delay().toSeconds() + " s)");
                continue;
            }
            T value;
            try {
                value = read(provider, provider.complete(request), reader);
            } catch (ProviderException failure) {
                if (!failure.isBreakerFailure()) {
                    // why: a rejection (400/401/403) means the provider is up and refused this request
                    reportSuccess(breaker, permit, provider);
                    throw failure;
                }
                breaker.onFailure(permit);
                lastFailure = failure;
                continue;
            } catch (RuntimeException | Error noOutcome) {
                // why: an interrupt or the reader's own error says nothing about the provider; a trial permit
                // kept neither reported nor released would hold its half-open round until the round times out
                release(breaker, permit, noOutcome);
                throw noOutcome;
            }
            reportSuccess(breaker, permit, provider);
            return value;
        }
        if (lastFailure != null) throw lastFailure;
        Duration delay = earliest == null ? Duration.ZERO : Duration.between(clock.instant(), earliest);
        throw new NoProviderAvailableException("no provider can take the call now: " + String.join(", ", waiting)
                + "; the job waits and keeps its checkpoint", delay.isNegative() ? Duration.ZERO : delay, openBreakers);
    }

    /** @throws RescheduleException when the provider's rate limit has no permit soon enough (or Redis is down) */
    private void takeRateLimit(Provider provider) {
        ProviderSettings.RateLimit limit = limits.get(provider.name());
        if (limit != null) limiter.acquire(provider.name(), limit.permits(), limit.period());
    }

    /**
     * Reports a call the provider answered. A trial call's report goes to Redis; when that fails, the reply is
     * still the caller's: it is paid for, and the step writes it before its checkpoint, so a resumed job keeps it
     * instead of asking again. The half-open round this trial belonged to then ends by its timeout.
     */
    private static void reportSuccess(CircuitBreaker breaker, Permit permit, Provider provider) {
        try {
            breaker.onSuccess(permit);
        } catch (RuntimeException e) {
            LOG.warn("Provider '{}' answered a trial call, but its breaker could not be told ({}); the reply is kept, "
                    + "and the half-open round ends by its timeout", provider.name(), e.getMessage());
        }
    }

    private static void release(CircuitBreaker breaker, Permit permit, Throwable cause) {
        try {
            breaker.release(permit);
        } catch (RuntimeException e) {
            // why: the call's own error is what the job must see; the round's timeout covers a release Redis missed
            cause.addSuppressed(e);
        }
    }

    private static <T> T read(Provider provider, ProviderReply reply, ReplyReader<T> reader) {
        try {
            return reader.read(reply);
        } catch (UnusableReplyException unusable) {
            throw ProviderException.badReply(provider.name(), unusable.getMessage());
        }
    }

    private static Instant earliest(Instant current, Instant candidate) {
        if (candidate == null) return current;
        return current == null || candidate.isBefore(current) ? candidate : current;
    }
}
