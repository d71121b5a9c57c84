package dev.cairn.http.internal;

import java.util.Map;
import java.util.Objects;

/**
 * An HTTP error a handler decided on: it becomes {@code {"error": code, "message": message}} with
 * {@link #status()}. Handlers throw it instead of writing error responses themselves, so every error
 * leaves through {@link ErrorMapping} and has the same shape.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    /**
     * @param status  the HTTP status, 4xx or 5xx
     * @param code    the machine-readable error code, e.g. {@code invalid_json}
     * @param message a sentence a human reads
     */
    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /**
     * @param status  the HTTP status, 4xx or 5xx
     * @param code    the machine-readable error code
     * @param message a sentence a human reads
     * @param headers response headers the error needs, e.g. {@code WWW-Authenticate}
     */
    public ApiException(int status, String code, String message, Map<String, String> headers) {
        // why: no stack trace; these are expected outcomes of bad requests, not bugs
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.headers = Map.copyOf(headers);
    }

    /** 400 {@code bad_request}. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, ErrorCodes.BAD_REQUEST, message);
    }

    /** 413 {@code payload_too_large}; asks the client to close, since the rest of the body is not read. */
    public static ApiException tooLarge(String message) {
        return new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, message, Map.of("Connection", "close"));
    }

    /** 415 {@code unsupported_media_type}. */
    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the error code */
    public String code() {
        return code;
    }

    /** @return extra response headers */
    public Map<String, String> headers() {
        return headers;
    }
}
