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
    default ProviderReply call(ProviderRequest request) {
        return call(request, reply -> reply);
    }

    /**
     * Calls and reads the reply in one go, so a reply whose content is unusable counts against the
     * provider that wrote it (and fails over) exactly like a reply that was not JSON at all.
     *
     * @param request the call
     * @param reader  turns the reply into what the step needs; throws {@link UnusableReplyException} when it cannot
     * @param <T>     what the step needs
     * @return what the reader made of the first usable reply
     */
    <T> T call(ProviderRequest request, ReplyReader<T> reader);

    /**
     * Reads a provider's reply.
     *
     * @param <T> what it reads
     */
    @FunctionalInterface
    interface ReplyReader<T> {
        /**
         * @param reply the reply
         * @return what the step needs
         * @throws UnusableReplyException when the content is not what was asked for
         */
        T read(ProviderReply reply);
    }

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
