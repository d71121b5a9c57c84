package dev.cairn.api.client;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The waits of one client call that met {@code 429}: each waits the worker's {@code Retry-After}, cut to what
 * is left of the call's bound; when nothing is left, the 429 is thrown. One per call, not shared between threads.
 */
final class RateLimitWaits {

    private static final System.Logger LOG = System.getLogger(CairnClient.class.getName());

    private final Duration maxWait;
    private final Consumer<RateLimitWait> listener;
    private Duration waited = Duration.ZERO;

    /**
     * @param maxWait  the bound on all waits of the call; zero sends nothing again
     * @param listener told of each wait, {@code null} for none
     */
    RateLimitWaits(Duration maxWait, Consumer<RateLimitWait> listener) {
        this.maxWait = maxWait;
        this.listener = listener;
    }

    /**
     * Waits before the refused request goes again, or throws the refusal when the bound is used up.
     *
     * @param request    the refused request
     * @param retryAfter its {@code Retry-After} header
     * @param body       the 429's body, {@code {"error", "message"}}
     * @throws CairnClientException with status 429 and {@link CairnClientException#retryAfter()} when the bound is
     *                              used up, or when the thread is interrupted while waiting (its flag set again)
     */
    void waitOrThrow(HttpRequest request, Optional<String> retryAfter, String body) {
        Duration asked = RetryAfter.of(retryAfter, Instant.now());
        CairnClientException refusal = WorkerHttp.refused(429, body);
        Duration left = maxWait.minus(waited);
        if (!left.isPositive()) {
            throw rateLimited(refusal, asked, maxWait.isZero()
                    ? "this client does not wait out rate limits"
                    : "gave up after waiting " + RetryAfter.describe(waited) + " in all, the most this client waits", null);
        }
        Duration wait = asked.compareTo(left) > 0 ? left : asked;
        RateLimitWait event = new RateLimitWait(request.method(), request.uri(), asked, wait, waited, maxWait);
        // why: a caller with a listener says so itself (the CLI prints a line); logging at INFO too would say it twice
        LOG.log(listener == null ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                () -> event.describe() + ": " + request.method() + " " + request.uri().getPath());
        if (listener != null) listener.accept(event);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw rateLimited(refusal, asked, "interrupted while waiting " + RetryAfter.describe(wait) + " to send again", e);
        }
        waited = waited.plus(wait);
    }

    /** @return how long this call waited so far */
    Duration waited() {
        return waited;
    }

    private static CairnClientException rateLimited(CairnClientException refusal, Duration retryAfter, String why, Throwable cause) {
        // why: the worker's own message usually says when to try again too; the header's value is named as data
        return new CairnClientException(429, refusal.error(), "rate limited by the worker: " + refusal.getMessage()
                + " (Retry-After: " + RetryAfter.describe(retryAfter) + "; " + why + ")", cause, retryAfter);
    }
}
