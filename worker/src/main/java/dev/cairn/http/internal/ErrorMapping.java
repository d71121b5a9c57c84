package dev.cairn.http.internal;

import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.InvalidPayloadException;
import dev.cairn.dlq.DlqDisabledException;
import dev.cairn.dlq.NotInDlqException;
import dev.cairn.jobs.IdempotencyConflictException;
import dev.cairn.pipeline.UnknownJobTypeException;
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
        Refusal refusal = refusal(e);
        if (refusal.status() == 503) {
            // why: an outage is not a bug; one line per request, the stack trace only at DEBUG
            Throwable cause = e.getCause();
            log.warn("{} {} answered 503: {}{}", ctx.method(), ctx.path(), e.getMessage(),
                    cause == null ? "" : " (" + cause + ")");
            log.debug("503 cause", e);
            respond(ctx, 503, refusal.code(), e.getMessage(), Map.of("Retry-After", "5"));
        } else {
            respond(ctx, refusal.status(), refusal.code(), e.getMessage(), Map.of());
        }
    }

    /**
     * How a refusal of the worker's services is answered.
     *
     * @param status the HTTP status of a response
     * @param code   its {@code error} code, as a response or a line of {@code POST /api/jobs/batch} carries it
     */
    record Refusal(int status, String code) {
    }

    /**
     * @param e a refusal of the worker's services
     * @return its status and code
     */
    static Refusal refusal(CairnException e) {
        if (e instanceof UnknownJobTypeException) return new Refusal(400, ErrorCodes.UNKNOWN_TYPE);
        if (e instanceof InvalidPayloadException) return new Refusal(400, ErrorCodes.INVALID_PAYLOAD);
        if (e instanceof IdempotencyConflictException) return new Refusal(409, ErrorCodes.IDEMPOTENCY_CONFLICT);
        if (e instanceof NotInDlqException) return new Refusal(404, ErrorCodes.NOT_FOUND);
        // why: the request is fine, the worker's configuration refuses it; retrying will not help
        if (e instanceof DlqDisabledException) return new Refusal(409, ErrorCodes.DLQ_DISABLED);
        // why: a dependency (Redis, job storage) is down; the client may try again shortly
        if (e.isRetryable()) return new Refusal(503, ErrorCodes.UNAVAILABLE);
        return new Refusal(400, ErrorCodes.BAD_REQUEST);
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
