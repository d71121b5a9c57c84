package dev.cairn.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.config.ApiTier;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ops console (docs/design.md "Console"): {@code GET /console} and its static files, and the session routes
 * {@code GET /console/session}, {@code POST /console/login}, {@code POST /console/logout}. The console reads and
 * acts through {@code /api/**} like any client; logging in opens a {@link ConsoleSessions session} whose cookie
 * then stands for the token it was opened with. Every console response carries a strict Content-Security-Policy
 * (this origin only, no inline script), {@code nosniff}, no framing and no referrer.
 */
public final class ConsoleController {

    /** What the console may load: its own files and its own API, nothing inline, no frames. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Callers callers;
    private final ConsoleSessions sessions;
    private final RequestBodies bodies;
    private final ConsoleAssets assets = new ConsoleAssets();
    private final Optional<String> dashboardUrl;
    private final String version;

    /**
     * @param callers      tells who a login's token proves
     * @param bodies       reads the login's JSON
     * @param dashboardUrl the JobRunr dashboard's address for links, when it runs
     * @param version      the worker's version, shown in the console's header
     */
    public ConsoleController(Callers callers, RequestBodies bodies, Optional<String> dashboardUrl, String version) {
        this.callers = callers;
        this.sessions = callers.sessions();
        this.bodies = bodies;
        this.dashboardUrl = dashboardUrl;
        this.version = version;
    }

    /**
     * @param app  registers the routes
     * @param gate the rate limit a login counts against, like any {@code /api/**} call (guessing tokens is limited)
     */
    public void register(Javalin app, ProducerGate gate) {
        app.before("/console", ConsoleController::securityHeaders);
        app.before("/console/*", ConsoleController::securityHeaders);
        app.before("/console/login", gate::check);
        app.get("/console", ctx -> serve(ctx, ConsoleAssets.INDEX));
        // why: the fixed paths first, so {asset} never takes "session"
        app.get("/console/session", this::session);
        app.post("/console/login", this::login);
        app.post("/console/logout", this::logout);
        app.get("/console/{asset}", ctx -> serve(ctx, ctx.pathParam("asset")));
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    private void serve(Context ctx, String name) {
        ConsoleAssets.Asset asset = assets.find(name).orElseThrow(() -> new ApiException(404, ErrorCodes.NOT_FOUND,
                "the console has no file '" + ClientInput.abbreviate(name) + "'"));
        ctx.contentType(asset.type());
        ctx.result(asset.bytes());
    }

    private void session(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean required = callers.tokenRequired();
        Optional<ConsoleSessions.Session> session = required ? sessions.find(ctx.cookie(ConsoleSessions.COOKIE)) : Optional.empty();
        body.put("auth_required", required);
        body.put("authenticated", !required || session.isPresent());
        body.put("access", !required ? "full" : session.map(s -> access(s.caller())).orElse(null));
        body.put("csrf_token", session.map(ConsoleSessions.Session::csrf).orElse(null));
        body.put("dashboard_url", dashboardUrl.orElse(null));
        body.put("version", version);
        ctx.json(body);
    }

    private void login(Context ctx) {
        if (!callers.tokenRequired()) {
            throw ApiException.badRequest("the console needs no login: CAIRN_API_TOKEN is not set, so the API (on loopback only) is open");
        }
        JsonNode body = bodies.readJson(ctx);
        JsonNode token = body.path("token");
        if (!body.isObject() || !token.isTextual() || token.asText().isBlank()) {
            throw ApiException.badRequest("send {\"token\": \"...\"} with CAIRN_API_TOKEN, CAIRN_API_READ_TOKEN or an admin key");
        }
        Caller caller = callers.byToken(ctx, token.asText().trim());
        switch (caller.credential()) {
            case TOKEN, READ_TOKEN -> {
            }
            case KEY -> {
                if (caller.tier() != ApiTier.ADMIN) {
                    throw new ApiException(403, ErrorCodes.FORBIDDEN, "the " + caller.describe() + " submits and reads jobs; "
                            + "the console is for operators and needs CAIRN_API_TOKEN, CAIRN_API_READ_TOKEN or an admin key");
                }
            }
            default -> throw new ApiException(401, ErrorCodes.UNAUTHORIZED,
                    "that is not the worker's CAIRN_API_TOKEN, CAIRN_API_READ_TOKEN or an admin key of CAIRN_API_KEYS_FILE");
        }
        sessions.close(ctx.cookie(ConsoleSessions.COOKIE)); // why: a new login never keeps an old session id alive
        Map.Entry<String, ConsoleSessions.Session> opened = sessions.open(caller);
        ctx.header("Set-Cookie", ConsoleSessions.COOKIE + "=" + opened.getKey() + "; Path=/; HttpOnly; SameSite=Strict"
                + (ctx.req().isSecure() ? "; Secure" : ""));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access", access(caller));
        answer.put("csrf_token", opened.getValue().csrf());
        answer.put("idle_timeout_s", ConsoleSessions.IDLE.toSeconds());
        ctx.json(answer);
    }

    private void logout(Context ctx) {
        sessions.close(ctx.cookie(ConsoleSessions.COOKIE));
        ctx.header("Set-Cookie", ConsoleSessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (ctx.req().isSecure() ? "; Secure" : ""));
        ctx.json(Map.of("logged_out", true));
    }

    /** @return {@code read} for the read-only token, whose console shows no buttons that change state; {@code full} otherwise */
    static String access(Caller caller) {
        return caller.credential() == Caller.Credential.READ_TOKEN ? "read" : "full";
    }

    /**
     * The CSRF rule: a call that changes state and is authenticated by the session cookie must carry the session's
     * token in {@code X-CSRF-Token}. A page of another site cannot read that token (it is only in the console's
     * JavaScript memory), so even a request its browser sends with the cookie is refused.
     *
     * @param ctx     the request
     * @param session its session
     * @throws ApiException 403 {@code csrf} when the header is missing or wrong
     */
    static void requireCsrf(Context ctx, ConsoleSessions.Session session) {
        String given = ctx.header("X-CSRF-Token");
        if (given == null || !java.security.MessageDigest.isEqual(given.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                session.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new ApiException(403, ErrorCodes.CSRF, given == null
                    ? "a call that changes state with the console's session cookie needs the header X-CSRF-Token (from POST /console/login or GET /console/session)"
                    : "X-CSRF-Token is not this session's token; reload the console");
        }
    }
}
