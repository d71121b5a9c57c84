package dev.cairn.api.client;

import dev.cairn.api.CairnException;

import java.time.Duration;
import java.util.Optional;

/**
 * A request to a Cairn worker that did not succeed: the worker is unreachable, or it answered with
 * an error ({@code {"error": "...", "message": "..."}}). A {@code 429} (a producer rate limit the client
 * did not wait out) says when to try again: {@link #retryAfter()}.
 */
public class CairnClientException extends CairnException {

    /** The worker's error code of a producer rate limit: a {@code 429}'s, or a refused batch line's. */
    public static final String RATE_LIMITED = "rate_limited";

    /** The HTTP status, 0 when the worker could not be reached. */
    private final int status;
    /** The worker's error code. */
    private final String error;
    /** When the worker said to try again, {@code null} when it did not. */
    private final Duration retryAfter;

    /**
     * @param status  the HTTP status, or 0 when the worker could not be reached
     * @param error   the worker's error code, e.g. {@code not_found}, or {@code unreachable}
     * @param message a one-line reason
     * @param cause   the underlying error, may be {@code null}
     */
    public CairnClientException(int status, String error, String message, Throwable cause) {
        this(status, error, message, cause, null);
    }

    /**
     * @param status     the HTTP status, or 0 when the worker could not be reached
     * @param error      the worker's error code, e.g. {@code rate_limited}
     * @param message    a one-line reason
     * @param cause      the underlying error, may be {@code null}
     * @param retryAfter when the worker said to try again ({@code Retry-After}), {@code null} when it did not
     */
    public CairnClientException(int status, String error, String message, Throwable cause, Duration retryAfter) {
        // why: a 429 passes once the worker's window moves on, so a job that enqueues through the client may retry
        super(message, status == 0 || status == 429 || status >= 500, cause);
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    /** @return the HTTP status, or 0 when the worker could not be reached */
    public int status() {
        return status;
    }

    /** @return the worker's error code, e.g. {@code not_found}, {@code invalid_payload}, {@code rate_limited}, {@code unreachable} */
    public String error() {
        return error;
    }

    /** @return how long the worker asked to wait before trying again (a 429's {@code Retry-After}); empty otherwise */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
