package dev.cairn.http.internal;

import dev.cairn.http.BrowserGuard;
import dev.cairn.http.Secret;
import io.javalin.http.Context;

import java.util.Map;
import java.util.Optional;

/**
 * The Bearer-token check on every {@code /api/**} call and on {@code /health/dlq} once {@code CAIRN_API_TOKEN} is
 * set. Reads need it too: the DLQ hands out payloads, provider excerpts and stack traces (and its statistics
 * the largest error signatures), a job's view its result and error. A read-only token
 * ({@code CAIRN_API_READ_TOKEN}) reads and changes nothing. The probes ({@code /health}, {@code /health/live},
 * {@code /ready}, {@code /startup}, {@code /circuit-breakers}) and {@code /metrics} stay open for Kubernetes and
 * Prometheus: they show states and counts, no payloads or messages. {@code /openapi.json} is open too: it describes
 * the API and holds nothing of the worker's.
 */
public final class BearerAuth {

    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"cairn\"");
    private static final String PREFIX = "bearer ";

    private final Secret token;
    private final Secret readToken;

    /**
     * @param token     the API token; empty turns the check off
     * @param readToken the read-only token; empty when there is none
     */
    public BearerAuth(Optional<String> token, Optional<String> readToken) {
        this.token = secret(token);
        this.readToken = secret(readToken);
    }

    /**
     * A before-handler for {@code /api/*} and {@code /health/dlq}: throws 401 when the call carries no token the worker knows, 403
     * when it carries the read-only token and would change state.
     *
     * @param ctx the request
     */
    public void check(Context ctx) {
        if (token == null) return;
        boolean reads = BrowserGuard.isSafe(ctx.method().name());
        String accepted = reads && readToken != null ? "CAIRN_API_TOKEN or CAIRN_API_READ_TOKEN" : "CAIRN_API_TOKEN";
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED,
                    "this call needs the header 'Authorization: Bearer <token>' with the worker's " + accepted, CHALLENGE);
        }
        if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED,
                    "the Authorization header must be 'Bearer <token>' with the worker's " + accepted, CHALLENGE);
        }
        String given = header.substring(PREFIX.length()).trim();
        // why: both compared, always, so the time taken does not say which token a guess came close to
        boolean full = token.matches(given);
        boolean readOnly = readToken != null && readToken.matches(given);
        if (full || reads && readOnly) return;
        if (readOnly) {
            throw new ApiException(403, ErrorCodes.FORBIDDEN,
                    "the read-only token CAIRN_API_READ_TOKEN cannot change state; this call needs CAIRN_API_TOKEN");
        }
        throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "the bearer token is not the worker's " + accepted, CHALLENGE);
    }

    private static Secret secret(Optional<String> value) {
        return value.filter(t -> !t.isBlank()).map(String::trim).map(Secret::of).orElse(null);
    }
}
