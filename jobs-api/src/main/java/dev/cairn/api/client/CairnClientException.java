package dev.cairn.api.client;

import dev.cairn.api.CairnException;

/**
 * A request to a Cairn worker that did not succeed: the worker is unreachable, or it answered with
 * an error ({@code {"error": "...", "message": "..."}}).
 */
public class CairnClientException extends CairnException {

    private final int status;
    private final String error;

    /**
     * @param status  the HTTP status, or 0 when the worker could not be reached
     * @param error   the worker's error code, e.g. {@code not_found}, or {@code unreachable}
     * @param message a one-line reason
     * @param cause   the underlying error, may be {@code null}
     */
    public CairnClientException(int status, String error, String message, Throwable cause) {
        super(message, status == 0 || status >= 500, cause);
        this.status = status;
        this.error = error;
    }

    /** @return the HTTP status, or 0 when the worker could not be reached */
    public int status() {
        return status;
    }

    /** @return the worker's error code, e.g. {@code not_found}, {@code invalid_payload}, {@code unreachable} */
    public String error() {
        return error;
    }
}
