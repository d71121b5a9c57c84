package dev.cairn.provider;

import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.config.ProviderSettings;
import dev.cairn.provider.internal.FailoverChain;
import dev.cairn.ratelimit.RateLimiter;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The providers in failover order ({@code CAIRN_PROVIDERS}), each behind its circuit breaker and rate
 * limit. What pipeline steps call.
 *
 * <ul>
 *   <li>A call goes to the first provider whose breaker admits it and whose rate limit has a permit.</li>
 *   <li>A breaker failure (timeout, 429, 5xx, bad reply) is reported to that provider's breaker and the
 *       call fails over to the next provider.</li>
 *   <li>A rejection (400/401/403) is permanent: {@link ProviderException} with {@code isRetryable() == false}.</li>
 *   <li>When no provider can take the call now (every breaker open, every limit used up), it throws
 *       {@link dev.cairn.api.RescheduleException} for the moment the first may admit a call: the job waits
 *       without spending a retry and keeps its checkpoint.</li>
 *   <li>When every provider that was tried failed, it throws the last {@link ProviderException} (retryable):
 *       the job is retried with back-off.</li>
 * </ul>
 */
public interface ProviderChain {

    /**
     * @param request the call
     * @return the first successful reply
     */
    ProviderReply call(ProviderRequest request);

    /** @return the providers' names, in failover order */
    List<String> names();

    /**
     * @param providers in failover order
     * @param breakers  one breaker per provider (by name)
     * @param limiter   the shared rate limiter
     * @param limits    rate limits by provider name (providers without one are not limited)
     * @param clock     time source
     * @return the chain
     */
    static ProviderChain of(List<Provider> providers, CircuitBreakerRegistry breakers, RateLimiter limiter,
                            Map<String, ProviderSettings.RateLimit> limits, Clock clock) {
        return new FailoverChain(providers, breakers, limiter, limits, clock);
    }
}
