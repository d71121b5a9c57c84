package dev.cairn.http.internal;

import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.InvalidPayloadException;
import dev.cairn.dlq.DlqDisabledException;
import dev.cairn.dlq.NotInDlqException;
import dev.cairn.jobs.IdempotencyConflictException;
import dev.cairn.jobs.UnknownJobTypeException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Turns every exception that leaves a handler into {@code {"error", "message"}} with a fitting status.
 * Registered for {@link Exception}, so nothing reaches Javalin's default (HTML or plain text) pages and
 * no bad request can take the server down.
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    /**
     * Registers the exception handlers on {@code app}.
     *
     * @param app the Javalin app, before it starts
     */
    public static void install(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> respond(ctx, e.status(), e.code(), e.getMessage(), e.headers()));
        app.exception(HttpResponseException.class, ErrorMapping::fromJavalin);
        app.exception(CairnException.class, ErrorMapping::fromCairn);
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error handling {} {}", ctx.method(), ctx.path(), e);
            respond(ctx, 500, ErrorCodes.INTERNAL_ERROR,
                    "the worker failed to handle this request; the details are in the worker's log", Map.of());
        });
    }

    /**
     * Writes an error response.
     *
     * @param ctx     the request
     * @param status  HTTP status
     * @param code    error code
     * @param message human sentence
     * @param headers extra headers
     */
    public static void respond(Context ctx, int status, String code, String message, Map<String, String> headers) {
        headers.forEach(ctx::header);
        ctx.status(status).json(new ApiError(code, message));
    }

    private static void fromCairn(CairnException e, Context ctx) {
        int status = status(e);
        if (status == 503) {
            // why: an outage is not a bug; one line per request, the stack trace only at DEBUG
            Throwable cause = e.getCause();
            log.warn("{} {} answered 503: {}{}", ctx.method(), ctx.path(), e.getMessage(),
                    cause == null ? "" : " (" + cause + ")");
            log.debug("503 cause", e);
            respond(ctx, 503, code(e), e.getMessage(), Map.of("Retry-After", "5"));
        } else {
            respond(ctx, status, code(e), e.getMessage(), Map.of());
        }
    }

    /**
     * @param e a refusal of the worker's services
     * @return the HTTP status it is answered with
     */
    static int status(CairnException e) {
        if (e instanceof UnknownJobTypeException || e instanceof InvalidPayloadException) return 400;
        if (e instanceof IdempotencyConflictException) return 409;
        if (e instanceof NotInDlqException) return 404;
        // why: the request is fine, the worker's configuration refuses it; retrying will not help
        if (e instanceof DlqDisabledException) return 409;
        // why: a dependency (Redis, job storage) is down; the client may try again shortly
        if (e.isRetryable()) return 503;
        return 400;
    }

    /**
     * @param e a refusal of the worker's services
     * @return its {@code error} code, as a response or a line of {@code POST /api/jobs/batch} carries it
     */
    static String code(CairnException e) {
        if (e instanceof UnknownJobTypeException) return ErrorCodes.UNKNOWN_TYPE;
        if (e instanceof InvalidPayloadException) return ErrorCodes.INVALID_PAYLOAD;
        if (e instanceof IdempotencyConflictException) return ErrorCodes.IDEMPOTENCY_CONFLICT;
        if (e instanceof NotInDlqException) return ErrorCodes.NOT_FOUND;
        if (e instanceof DlqDisabledException) return ErrorCodes.DLQ_DISABLED;
        if (e.isRetryable()) return ErrorCodes.UNAVAILABLE;
        return ErrorCodes.BAD_REQUEST;
    }

    /** Javalin's own errors: unknown routes (404), wrong methods (405), and any HttpResponseException. */
    private static void fromJavalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String code = ErrorCodes.forStatus(status);
        switch (status) {
            case 404 -> respond(ctx, 404, code, "no such endpoint: " + ctx.method() + " " + ctx.path(), Map.of());
            case 405 -> {
                String allowed = e.getDetails().getOrDefault("availableMethods", "");
                respond(ctx, 405, code, "method " + ctx.method() + " is not allowed on " + ctx.path()
                        + (allowed.isBlank() ? "" : "; allowed: " + allowed), allowed.isBlank() ? Map.of() : Map.of("Allow", allowed));
            }
            default -> {
                String message = e.getMessage() == null || e.getMessage().isBlank() ? "HTTP " + status : e.getMessage();
                respond(ctx, status, code, message, Map.of());
            }
        }
    }
}
