package dev.cairn.http.internal;

import dev.cairn.config.ApiTier;
import dev.cairn.http.BrowserGuard;
import io.javalin.http.Context;

import java.util.Map;

/**
 * The credential check on every {@code /api/**} call and on {@code /health/dlq} once {@code CAIRN_API_TOKEN} is
 * set. Reads need it too: the DLQ hands out payloads, provider excerpts and stack traces (and its statistics
 * the largest error signatures), a job's view its result and error. Who may do what:
 * <ul>
 *   <li>{@code CAIRN_API_TOKEN} and {@code admin} keys: everything;</li>
 *   <li>{@code CAIRN_API_READ_TOKEN}: every read, no change;</li>
 *   <li>{@code api_key} and {@code premium} keys: a producer's calls, {@code /api/jobs/**} and {@code /api/files};
 *       the DLQ and the breakers are the operators';</li>
 *   <li>no credential: nothing (401).</li>
 * </ul>
 * Without {@code CAIRN_API_TOKEN} the API is open to everyone (it binds loopback only), but a bearer token that is
 * no key of {@code CAIRN_API_KEYS_FILE} is still refused, so a producer with a mistyped key learns it at once
 * instead of being counted as anonymous. The probes ({@code /health}, {@code /health/live}, {@code /ready},
 * {@code /startup}, {@code /circuit-breakers}, {@code /redis}) and {@code /metrics} stay open for Kubernetes and
 * Prometheus: they show states and counts, no payloads or messages. {@code /openapi.json} is open too.
 */
public final class BearerAuth {

    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"cairn\"");

    private final Callers callers;
    private final boolean readTokenConfigured;

    /**
     * @param callers             tells who sent a request
     * @param readTokenConfigured whether {@code CAIRN_API_READ_TOKEN} is set, for the messages
     */
    public BearerAuth(Callers callers, boolean readTokenConfigured) {
        this.callers = callers;
        this.readTokenConfigured = readTokenConfigured;
    }

    /**
     * A before-handler for {@code /api/*} and {@code /health/dlq}: throws 401 when the call carries no credential the
     * worker knows, 403 when its credential does not allow the call.
     *
     * @param ctx the request
     */
    public void check(Context ctx) {
        if (!callers.knowsCredentials()) return;
        Caller caller = callers.of(ctx);
        boolean reads = BrowserGuard.isSafe(ctx.method().name());
        // why: first, so a forged request is refused before its credential is weighed
        if (caller.session() != null && !reads) ConsoleController.requireCsrf(ctx, caller.session());
        String accepted = (reads && readTokenConfigured ? "CAIRN_API_TOKEN or CAIRN_API_READ_TOKEN" : "CAIRN_API_TOKEN")
                + (producerCall(ctx) && callers.keysConfigured() ? " or a key of CAIRN_API_KEYS_FILE" : "");
        switch (caller.credential()) {
            case TOKEN -> {
            }
            case READ_TOKEN -> {
                if (!reads) {
                    throw new ApiException(403, ErrorCodes.FORBIDDEN,
                            "the read-only token CAIRN_API_READ_TOKEN cannot change state; this call needs CAIRN_API_TOKEN");
                }
            }
            case KEY -> {
                if (caller.tier() != ApiTier.ADMIN && !producerCall(ctx) && callers.tokenRequired()) {
                    throw new ApiException(403, ErrorCodes.FORBIDDEN, "the " + caller.describe() + " submits and reads jobs and uploads "
                            + "files; " + ctx.path() + " is for operators and needs CAIRN_API_TOKEN or an admin key");
                }
            }
            case NONE -> {
                if (!callers.tokenRequired()) return;
                String header = ctx.header("Authorization");
                throw new ApiException(401, ErrorCodes.UNAUTHORIZED, header == null || header.isBlank()
                        ? "this call needs the header 'Authorization: Bearer <token>' with the worker's " + accepted
                        : "the Authorization header must be 'Bearer <token>' with the worker's " + accepted, CHALLENGE);
            }
            case UNKNOWN -> {
                String header = ctx.header("Authorization");
                boolean bearer = header != null && header.regionMatches(true, 0, "bearer ", 0, 7) && header.length() > 7;
                throw new ApiException(401, ErrorCodes.UNAUTHORIZED, bearer
                        ? "the bearer token is not the worker's " + accepted
                        : "the Authorization header must be 'Bearer <token>' with the worker's " + accepted, CHALLENGE);
            }
        }
    }

    /**
     * @return whether the call is one a producer makes: submitting and reading jobs, uploading files; listing every
     * producer's jobs ({@code GET /api/jobs}) is the operators'
     */
    static boolean producerCall(Context ctx) {
        String path = ctx.path();
        if (path.equals("/api/jobs")) return !BrowserGuard.isSafe(ctx.method().name());
        return path.startsWith("/api/jobs/") || path.equals("/api/files");
    }
}
