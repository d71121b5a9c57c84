package dev.cairn.api.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sets up a {@link CairnClient}: {@code CairnClient.builder(url).apiToken(token).maxRateLimitWait(Duration.ofMinutes(5)).build()}.
 * The built client keeps the settings as they were at {@link #build()}.
 *
 * <p>A worker that limits its producers answers a call over the caller's limit with {@code 429} and a
 * {@code Retry-After}, before it does anything with the request. The client then waits that long and sends the
 * same request again, until the waits of the one call reach {@link #maxRateLimitWait}; after that it throws the
 * 429 as a {@link CairnClientException} whose {@link CairnClientException#retryAfter()} says when to try again.
 * Each wait is logged through {@link System.Logger} ({@code dev.cairn.api.client.CairnClient}) at {@code INFO},
 * or at {@code DEBUG} when a listener ({@link #onRateLimitWait}) is told instead.
 */
public final class CairnClientBuilder {

    private final URI baseUrl;
    private String apiToken;
    private Duration timeout = CairnClient.DEFAULT_TIMEOUT;
    private Duration maxRateLimitWait = CairnClient.DEFAULT_MAX_RATE_LIMIT_WAIT;
    private Consumer<RateLimitWait> onRateLimitWait;

    CairnClientBuilder(URI baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /**
     * @param apiToken the worker's {@code CAIRN_API_TOKEN} or an API key, sent as a bearer token; {@code null} or
     *                 blank for none
     * @return this builder
     */
    public CairnClientBuilder apiToken(String apiToken) {
        this.apiToken = apiToken;
        return this;
    }

    /**
     * @param timeout how long one request may take before it fails; default {@link CairnClient#DEFAULT_TIMEOUT}
     * @return this builder
     */
    public CairnClientBuilder timeout(Duration timeout) {
        if (!Objects.requireNonNull(timeout, "timeout").isPositive()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        this.timeout = timeout;
        return this;
    }

    /**
     * @param maxWait the most one call waits in all for the worker's rate limits ({@code 429}) before it throws the
     *                429; each wait is cut to what is left of it. {@link Duration#ZERO} sends nothing again. Default
     *                {@link CairnClient#DEFAULT_MAX_RATE_LIMIT_WAIT}
     * @return this builder
     */
    public CairnClientBuilder maxRateLimitWait(Duration maxWait) {
        if (Objects.requireNonNull(maxWait, "maxWait").isNegative()) throw new IllegalArgumentException("maxRateLimitWait must not be negative, got " + maxWait);
        this.maxRateLimitWait = maxWait;
        return this;
    }

    /**
     * @param listener told of each wait for a rate limit just before the client sleeps, on the calling thread, so a
     *                 program can say so (the {@code cairn} CLI prints a line); {@code null} for none. An exception it
     *                 throws ends the call
     * @return this builder
     */
    public CairnClientBuilder onRateLimitWait(Consumer<RateLimitWait> listener) {
        this.onRateLimitWait = listener;
        return this;
    }

    /** @return a client with these settings; thread-safe */
    public CairnClient build() {
        return new HttpCairnClient(new WorkerHttp(baseUrl, apiToken, timeout, maxRateLimitWait, onRateLimitWait));
    }
}
