package dev.cairn.provider;

import dev.cairn.api.CairnException;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A provider call that did not produce a usable reply, classified by {@link Kind}. The kind decides
 * both whether the job may retry and whether the provider's circuit breaker counts it as a failure.
 *
 * <p>The message names the provider, the kind and the HTTP status, and at most a short, masked excerpt
 * of the reply body: never the API key, never the whole body.
 */
public final class ProviderException extends CairnException {

    /** What went wrong. */
    public enum Kind {
        /** No complete reply within the provider's timeout (also HTTP 408). */
        TIMEOUT,
        /** HTTP 429; {@link ProviderException#retryAfter()} holds the server's Retry-After when it sent one. */
        RATE_LIMITED,
        /** HTTP 5xx. */
        SERVER_ERROR,
        /** A reply that cannot be used: not JSON, no {@code choices[0].message.content}, empty, too large, or not what was asked for. */
        BAD_REPLY,
        /** Connection refused, reset or closed before a reply. */
        NETWORK,
        /** HTTP 400/401/403/404/422 and other 4xx: the request or the credentials are wrong, so retrying cannot help. */
        REJECTED;

        /** @return the metric tag value, e.g. {@code rate_limited} */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return whether trying again later can succeed (every kind but {@link #REJECTED}) */
        public boolean isRetryable() {
            return this != REJECTED;
        }

        /** @return whether the provider's circuit breaker counts this as a failure (every kind but {@link #REJECTED}) */
        public boolean isBreakerFailure() {
            return this != REJECTED;
        }
    }

    private final String provider;
    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    /**
     * @param provider the provider's name
     * @param kind     what went wrong
     * @param detail   a short, already masked description; may be empty
     */
    public ProviderException(String provider, Kind kind, String detail) {
        this(provider, kind, OptionalInt.empty(), Optional.empty(), detail, null);
    }

    /**
     * @param provider   the provider's name
     * @param kind       what went wrong
     * @param httpStatus the reply's HTTP status, when there was one
     * @param retryAfter how long the server asked us to wait, when it said
     * @param detail     a short, already masked description; may be empty
     * @param cause      the underlying error, may be {@code null}; its message must not hold secrets
     */
    public ProviderException(String provider, Kind kind, OptionalInt httpStatus, Optional<Duration> retryAfter,
                             String detail, Throwable cause) {
        super(message(provider, kind, httpStatus, retryAfter, detail), kind.isRetryable(), cause);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.kind = kind;
        this.httpStatus = httpStatus.orElse(0);
        this.retryAfter = retryAfter.orElse(null);
    }

    /**
     * A reply that arrived but is not what was asked for (e.g. an outline with fewer sections), for
     * callers that check a reply's content: a retryable breaker failure like any other bad reply.
     *
     * @param provider the provider's name
     * @param detail   what is wrong with it, without echoing the whole reply
     * @return the exception, to be thrown
     */
    public static ProviderException badReply(String provider, String detail) {
        return new ProviderException(provider, Kind.BAD_REPLY, detail);
    }

    private static String message(String provider, Kind kind, OptionalInt status, Optional<Duration> retryAfter, String detail) {
        StringBuilder m = new StringBuilder("provider '").append(provider).append("' failed: ").append(kind);
        if (status.isPresent() || retryAfter.isPresent()) {
            m.append(" (");
            status.ifPresent(s -> m.append("HTTP ").append(s));
            retryAfter.ifPresent(r -> m.append(status.isPresent() ? ", " : "").append("retry after ").append(r.toMillis()).append(" ms"));
            m.append(')');
        }
        if (detail != null && !detail.isBlank()) m.append(": ").append(detail);
        return m.toString();
    }

    /** @return the provider's name */
    public String provider() {
        return provider;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the reply's HTTP status, empty when no reply arrived */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** @return how long the server asked callers to wait (HTTP 429 with Retry-After), when it said */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** @return whether the provider's circuit breaker counts this as a failure */
    public boolean isBreakerFailure() {
        return kind.isBreakerFailure();
    }
}
