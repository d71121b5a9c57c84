package dev.cairn.http.internal;

import dev.cairn.http.Secret;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Bearer-token check on mutating {@code /api/**} calls. Reads stay open so probes, dashboards and
 * {@code cairn status} work without the token; anything that changes state needs it.
 */
public final class BearerAuth {

    private static final Set<HandlerType> MUTATING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"cairn\"");

    private final Secret token;

    /** @param token the API token; empty turns the check off */
    public BearerAuth(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(Secret::of).orElse(null);
    }

    /**
     * A before-handler: throws 401 when the call mutates and does not carry the token.
     *
     * @param ctx the request
     */
    public void check(Context ctx) {
        if (token == null || !MUTATING.contains(ctx.method())) return;
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED,
                    "this call needs the header 'Authorization: Bearer <token>' with the worker's CAIRN_API_TOKEN", CHALLENGE);
        }
        String prefix = "bearer ";
        if (header.length() <= prefix.length() || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED,
                    "the Authorization header must be 'Bearer <token>' with the worker's CAIRN_API_TOKEN", CHALLENGE);
        }
        if (!token.matches(header.substring(prefix.length()).trim())) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "the bearer token is not the worker's CAIRN_API_TOKEN", CHALLENGE);
        }
    }
}
