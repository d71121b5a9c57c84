package dev.cairn.http.internal;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of every error response: {@code {"error": "<code>", "message": "<human sentence>"}}.
 *
 * @param error   the machine-readable code, one of {@link ErrorCodes}
 * @param message what went wrong, for a human
 */
public record ApiError(@JsonProperty("error") String error, @JsonProperty("message") String message) {
}
