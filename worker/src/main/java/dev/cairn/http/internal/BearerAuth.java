package dev.cairn.http.internal;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    private final byte[] expectedDigest;

    /** @param token the API token; empty turns the check off */
    public BearerAuth(Optional<String> token) {
        this.expectedDigest = token.filter(t -> !t.isBlank()).map(BearerAuth::digest).orElse(null);
    }

    /**
     * A before-handler: throws 401 when the call mutates and does not carry the token.
     *
     * @param ctx the request
     */
    public void check(Context ctx) {
        if (expectedDigest == null || !MUTATING.contains(ctx.method())) return;
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
        // why: comparing fixed-length digests in constant time leaks neither the token nor its length
        byte[] given = digest(header.substring(prefix.length()).trim());
        if (!MessageDigest.isEqual(expectedDigest, given)) {
            throw new ApiException(401, ErrorCodes.UNAUTHORIZED, "the bearer token is not the worker's CAIRN_API_TOKEN", CHALLENGE);
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
