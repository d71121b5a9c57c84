package dev.cairn.http.internal;

import dev.cairn.config.ApiKeysFile;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions (docs/design.md "Console"), in this worker's memory: a session id of 256 random bits in an
 * {@code HttpOnly; SameSite=Strict} cookie stands for the credential it was opened with, until it is idle for
 * {@link #IDLE} or logged out. Only a SHA-256 of the id is kept, so a heap dump holds no usable cookie. At most
 * {@link #MAX} sessions live at once; opening one more drops the one idle longest. A restart logs everyone out.
 */
public final class ConsoleSessions {

    /** The cookie's name. */
    public static final String COOKIE = "cairn_session";
    /** How long a session lives without a request. */
    public static final Duration IDLE = Duration.ofHours(8);
    /** The most sessions kept at once. */
    public static final int MAX = 1000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * An open session.
     *
     * @param caller the credential it was opened with (token, read token, admin key)
     * @param csrf   the token a call that changes state must carry in {@code X-CSRF-Token}
     */
    record Session(Caller caller, String csrf, Instant opened) {
    }

    private record Held(Session session, Instant lastUsed) {
    }

    private final Map<String, Held> byDigest = new ConcurrentHashMap<>();
    private final Clock clock;

    /** @param clock what idleness is measured with */
    public ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param caller the credential a login proved
     * @return the new session's id (for the cookie) and the session
     */
    Map.Entry<String, Session> open(Caller caller) {
        Instant now = clock.instant();
        byDigest.entrySet().removeIf(e -> idle(e.getValue(), now));
        while (byDigest.size() >= MAX) {
            byDigest.entrySet().stream().min(Comparator.comparing(e -> e.getValue().lastUsed()))
                    .ifPresent(oldest -> byDigest.remove(oldest.getKey()));
        }
        String id = randomToken();
        Session session = new Session(caller, randomToken(), now);
        byDigest.put(ApiKeysFile.digest(id), new Held(session, now));
        return Map.entry(id, session);
    }

    /**
     * @param id a session id from a cookie, or {@code null}
     * @return its session when open and not idle too long; using it keeps it alive
     */
    Optional<Session> find(String id) {
        if (id == null || id.isBlank() || id.length() > 100) return Optional.empty();
        String digest = ApiKeysFile.digest(id);
        Instant now = clock.instant();
        Held held = byDigest.computeIfPresent(digest, (k, h) -> idle(h, now) ? null : new Held(h.session(), now));
        return held == null ? Optional.empty() : Optional.of(held.session());
    }

    /** @param id a session id; closing an unknown one does nothing */
    void close(String id) {
        if (id != null && id.length() <= 100) byDigest.remove(ApiKeysFile.digest(id));
    }

    /** @return how many sessions are open (idle ones not yet dropped included) */
    int size() {
        return byDigest.size();
    }

    private static boolean idle(Held held, Instant now) {
        return !held.lastUsed().plus(IDLE).isAfter(now);
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
