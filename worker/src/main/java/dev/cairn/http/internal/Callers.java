package dev.cairn.http.internal;

import dev.cairn.config.ApiKeysFile;
import dev.cairn.config.ApiTier;
import dev.cairn.http.Secret;
import dev.cairn.ratelimit.ProducerLimits.Producer;
import io.javalin.http.Context;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells who sent a request (docs/design.md "Producer rate limits"): {@code CAIRN_API_TOKEN} and
 * {@code CAIRN_API_READ_TOKEN} are the {@code admin} tier, a key of {@code CAIRN_API_KEYS_FILE} its own tier, and
 * everyone else {@code anonymous}, counted by a SHA-256 of their address (so no address is stored in Redis). The
 * answer is kept on the request for the rate limit, the auth check and the job budget.
 */
public final class Callers {

    private static final String ATTRIBUTE = Callers.class.getName();
    private static final String PREFIX = "bearer ";
    private static final AnonymousIds ANONYMOUS_IDS = new AnonymousIds();

    private final Secret token;
    private final Secret readToken;
    private final ApiKeyRing keys;
    private final ConsoleSessions sessions;

    /**
     * @param token     the API token; empty when there is none
     * @param readToken the read-only token; empty when there is none
     * @param keysFile  the keys file; empty when there is none
     * @param sessions  the console's sessions, whose cookie stands for the credential they were opened with
     */
    public Callers(Optional<String> token, Optional<String> readToken, Optional<Path> keysFile, ConsoleSessions sessions) {
        this.token = secret(token);
        this.readToken = secret(readToken);
        this.keys = new ApiKeyRing(keysFile, System::nanoTime);
        this.sessions = sessions;
    }

    /** @return the console's sessions */
    ConsoleSessions sessions() {
        return sessions;
    }

    /** @return whether any credential is configured, i.e. whether a bearer token the worker does not know is an error */
    boolean knowsCredentials() {
        return token != null || keys.configured();
    }

    /** @return whether {@code CAIRN_API_KEYS_FILE} is configured */
    boolean keysConfigured() {
        return keys.configured();
    }

    /** @return whether the token is configured, i.e. whether {@code /api/**} needs a credential */
    boolean tokenRequired() {
        return token != null;
    }

    /**
     * @param ctx a request
     * @return its caller, found out once per request
     */
    Caller of(Context ctx) {
        Caller known = ctx.attribute(ATTRIBUTE);
        if (known != null) return known;
        Caller caller = identify(ctx);
        ctx.attribute(ATTRIBUTE, caller);
        return caller;
    }

    private Caller identify(Context ctx) {
        String header = ctx.header("Authorization");
        if (!knowsCredentials()) return anonymous(ctx, Caller.Credential.NONE);
        if (header == null || header.isBlank()) {
            // why: a bearer token, when sent, wins; the cookie only speaks for requests that carry nothing else
            Optional<ConsoleSessions.Session> session = sessions.find(ctx.cookie(ConsoleSessions.COOKIE));
            return session.map(s -> s.caller().through(s)).orElseGet(() -> anonymous(ctx, Caller.Credential.NONE));
        }
        if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return anonymous(ctx, Caller.Credential.UNKNOWN);
        }
        return byToken(ctx, header.substring(PREFIX.length()).trim());
    }

    /**
     * @param ctx   the request (for an anonymous caller's address)
     * @param given a token as presented
     * @return the caller it proves, {@link Caller.Credential#UNKNOWN} when it is none the worker knows
     */
    Caller byToken(Context ctx, String given) {
        // why: both compared, always, so the time taken does not say which token a guess came close to
        boolean full = token != null && token.matches(given);
        boolean readOnly = readToken != null && readToken.matches(given);
        if (full) return new Caller(Caller.Credential.TOKEN, new Producer(ApiTier.ADMIN, "token"), null);
        if (readOnly) return new Caller(Caller.Credential.READ_TOKEN, new Producer(ApiTier.ADMIN, "read-token"), null);
        Optional<ApiKeysFile.Entry> key = keys.find(given);
        if (key.isPresent()) {
            return new Caller(Caller.Credential.KEY, new Producer(key.get().tier(), "k" + key.get().digest().substring(0, 20)), key.get().name());
        }
        return anonymous(ctx, Caller.Credential.UNKNOWN);
    }

    private static Caller anonymous(Context ctx, Caller.Credential credential) {
        String address = String.valueOf(ctx.req().getRemoteAddr());
        return new Caller(credential, new Producer(ApiTier.ANONYMOUS, ANONYMOUS_IDS.of(address)), null);
    }

    /**
     * Anonymous callers' ids by address: a SHA-256 per request was a tenth of the API's own CPU on a busy
     * single-job endpoint, and a producer sends from the same few addresses. Bounded: emptied when full.
     */
    private static final class AnonymousIds {
        private static final int MAX = 10_000;
        private final Map<String, String> ids = new ConcurrentHashMap<>();

        String of(String address) {
            String id = ids.get(address);
            if (id != null) return id;
            if (ids.size() >= MAX) ids.clear();
            id = "a" + ApiKeysFile.digest(address).substring(0, 20);
            ids.put(address, id);
            return id;
        }
    }

    private static Secret secret(Optional<String> value) {
        return value.filter(t -> !t.isBlank()).map(String::trim).map(Secret::of).orElse(null);
    }
}
