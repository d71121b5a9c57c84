package dev.cairn.api.client;

import java.net.URI;
import java.time.Duration;

/**
 * One wait of a {@link CairnClient} before it sends a request again that the worker refused with {@code 429}
 * (a producer rate limit), as a listener registered with {@link CairnClientBuilder#onRateLimitWait} is told
 * just before the client sleeps. The worker refuses before it does anything with a request, so sending the
 * same request again is safe, even a {@code POST}.
 *
 * @param method       the request's method, e.g. {@code POST}
 * @param uri          the request's address
 * @param retryAfter   how long the worker asked to wait ({@code Retry-After}; 1 s when it did not say)
 * @param delay        how long the client waits now: {@code retryAfter}, or less when that would go past
 *                     {@link CairnClientBuilder#maxRateLimitWait the bound}
 * @param waitedBefore how long this call of the client already waited out rate limits
 * @param maxWait      the bound on all the waits of one call
 */
public record RateLimitWait(String method, URI uri, Duration retryAfter, Duration delay, Duration waitedBefore, Duration maxWait) {

    /** @return the wait as a log line says it: {@code rate limited by the worker: waiting 3 s (Retry-After) before sending again} */
    public String describe() {
        return "rate limited by the worker: waiting " + RetryAfter.describe(delay) + " (Retry-After) before sending again";
    }
}
