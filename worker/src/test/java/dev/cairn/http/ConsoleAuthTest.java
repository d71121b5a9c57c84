package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.breaker.BreakerState;
import dev.cairn.config.ApiKeysFile;
import dev.cairn.config.ApiLimitSettings;
import dev.cairn.config.ApiTier;
import dev.cairn.config.HttpSettings;
import dev.cairn.config.ProviderSettings.RateLimit;
import dev.cairn.ratelimit.ProducerLimits;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #17: the console's login, session cookie and CSRF rule. The cookie authenticates {@code /api/**} as the
 * credential it was opened with (full token, read-only token, admin key), a call that changes state needs the
 * session's {@code X-CSRF-Token} too, and a login is rate-limited like an anonymous API call.
 */
class ConsoleAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token";
    private static final String READ_TOKEN = "r3ad-only-token";

    @TempDir
    Path dir;
    private final List<RunningApi> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(RunningApi::close);
    }

    @Test
    void shouldServeThePageAndItsFilesWithStrictSecurityHeaders() {
        RunningApi api = start(TOKEN, null, ProducerLimits.unlimited());

        HttpResponse<String> page = api.get("/console");
        HttpResponse<String> script = api.get("/console/app.js");
        HttpResponse<String> style = api.get("/console/style.css");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\">");
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        assertThat(style.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
        for (HttpResponse<String> response : List.of(page, script, style)) {
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
    }

    @Test
    void shouldServeNoFileOutsideItsList() throws Exception {
        RunningApi api = start(TOKEN, null, ProducerLimits.unlimited());

        assertError(api.get("/console/secrets.js"), 404, "not_found");
        assertError(api.get("/console/..%2Fopenapi.json"), 404, "not_found");
        assertThat(api.get("/console/..%2F..%2Fdev%2Fcairn%2Fhttp%2Fopenapi.json").body()).doesNotContain("\"openapi\"");
    }

    @Test
    void shouldShowALoginUntilATokenOpensASession() throws Exception {
        RunningApi api = start(TOKEN, null, ProducerLimits.unlimited());

        JsonNode before = json(api.get("/console/session"));
        assertThat(before.get("auth_required").asBoolean()).isTrue();
        assertThat(before.get("authenticated").asBoolean()).isFalse();
        assertError(api.get("/api/dlq"), 401, "unauthorized");

        assertError(login(api, "wrong"), 401, "unauthorized");
        HttpResponse<String> ok = login(api, TOKEN);

        assertThat(ok.statusCode()).isEqualTo(200);
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("cairn_session=").contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/")
                .doesNotContain("Secure");
        String id = setCookie.substring("cairn_session=".length(), setCookie.indexOf(';'));
        assertThat(id).as("256 random bits, base64url").matches("[A-Za-z0-9_-]{43}");
        assertThat(json(ok).get("access").asText()).isEqualTo("full");
        String cookie = "cairn_session=" + id;
        JsonNode after = json(api.send(api.request("/console/session").header("Cookie", cookie).GET().build()));
        assertThat(after.get("authenticated").asBoolean()).isTrue();
        assertThat(after.get("csrf_token").asText()).isEqualTo(json(ok).get("csrf_token").asText());
        assertThat(api.send(api.request("/api/dlq").header("Cookie", cookie).GET().build()).statusCode()).isEqualTo(200);
        assertThat(api.send(api.request("/api/dlq").header("Cookie", "cairn_session=" + id + "x").GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldRefuseAChangeByCookieWithoutTheSessionsCsrfToken() throws Exception {
        RunningApi api = start(TOKEN, null, ProducerLimits.unlimited());
        Session session = Session.open(api, TOKEN);

        assertError(forceOpen(api, session.cookie(), null), 403, "csrf");
        assertError(forceOpen(api, session.cookie(), "not-the-token"), 403, "csrf");
        assertThat(api.breakers.find("acme").orElseThrow().refresh().state()).isEqualTo(BreakerState.CLOSED);

        assertThat(forceOpen(api, session.cookie(), session.csrf()).statusCode()).isEqualTo(200);
        assertThat(api.breakers.find("acme").orElseThrow().refresh().state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void shouldStillRefuseACookieCallFromAnotherSitesPage() throws Exception {
        RunningApi api = start(TOKEN, null, ProducerLimits.unlimited());
        Session session = Session.open(api, TOKEN);

        HttpResponse<String> forged = api.send(api.request("/api/circuit-breakers/acme/force-open").header("Cookie", session.cookie())
                .header("X-CSRF-Token", session.csrf()).header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build());

        assertError(forged, 403, "cross_site_request");
        assertThat(api.breakers.find("acme").orElseThrow().refresh().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldOpenAReadOnlyConsoleWithTheReadToken() throws Exception {
        RunningApi api = start(TOKEN, null, ProducerLimits.unlimited());
        api.dlq.add("j1", "pdf-processing", "E", "boom", Instant.parse("2025-01-01T00:00:00Z"));
        Session session = Session.open(api, READ_TOKEN);

        assertThat(session.access()).isEqualTo("read");
        assertThat(api.send(api.request("/api/dlq/j1").header("Cookie", session.cookie()).GET().build()).statusCode()).isEqualTo(200);
        assertError(forceOpen(api, session.cookie(), session.csrf()), 403, "forbidden");
        assertThat(api.breakers.find("acme").orElseThrow().refresh().state()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldLetAnAdminKeyInAndKeepAProducersKeyOut() throws Exception {
        Path keys = dir.resolve("keys");
        String admin = ApiKeysFile.newKey();
        String producer = ApiKeysFile.newKey();
        ApiKeysFile.append(keys, "ops", ApiTier.ADMIN, admin);
        ApiKeysFile.append(keys, "billing", ApiTier.API_KEY, producer);
        RunningApi api = start(TOKEN, null, limits(Optional.of(keys), 1000));

        Session session = Session.open(api, admin);
        assertThat(forceOpen(api, session.cookie(), session.csrf()).statusCode()).isEqualTo(200);
        assertError(login(api, producer), 403, "forbidden");
    }

    @Test
    void shouldEndTheSessionAtLogout() throws Exception {
        RunningApi api = start(TOKEN, null, ProducerLimits.unlimited());
        Session session = Session.open(api, TOKEN);

        HttpResponse<String> out = api.send(api.request("/console/logout").header("Cookie", session.cookie()).POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(v -> assertThat(v).contains("Max-Age=0"));
        assertError(api.send(api.request("/api/dlq").header("Cookie", session.cookie()).GET().build()), 401, "unauthorized");
    }

    @Test
    void shouldCountFailedLoginsAgainstTheAnonymousRateLimit() throws Exception {
        RunningApi api = start(TOKEN, null, limits(Optional.empty(), 3));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) statuses.add(login(api, "guess-" + i).statusCode());

        assertThat(statuses).containsExactly(401, 401, 401, 429);
        assertError(login(api, TOKEN), 429, "rate_limited");
    }

    @Test
    void shouldNeedNoLoginWithoutAToken() throws Exception {
        RunningApi api = start(null, null, ProducerLimits.unlimited());

        JsonNode session = json(api.get("/console/session"));

        assertThat(session.get("auth_required").asBoolean()).isFalse();
        assertThat(session.get("authenticated").asBoolean()).isTrue();
        assertThat(session.get("access").asText()).isEqualTo("full");
        assertError(login(api, "anything"), 400, "bad_request");
    }

    @Test
    void shouldTellTheConsoleWhereTheDashboardIs() throws Exception {
        RunningApi api = start(null, "https://jobs.example.com", ProducerLimits.unlimited());

        assertThat(json(api.get("/console/session")).get("dashboard_url").asText()).isEqualTo("https://jobs.example.com");
    }

    /** A logged-in console. */
    record Session(String cookie, String csrf, String access) {
        static Session open(RunningApi api, String token) throws Exception {
            HttpResponse<String> response = login(api, token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
            JsonNode body = json(response);
            return new Session(setCookie.substring(0, setCookie.indexOf(';')), body.get("csrf_token").asText(), body.get("access").asText());
        }
    }

    static HttpResponse<String> login(RunningApi api, String token) {
        return api.postJson("/console/login", "{\"token\": \"" + token + "\"}");
    }

    private static HttpResponse<String> forceOpen(RunningApi api, String cookie, String csrf) {
        HttpRequest.Builder request = api.request("/api/circuit-breakers/acme/force-open").header("Cookie", cookie);
        if (csrf != null) request.header("X-CSRF-Token", csrf);
        return api.send(request.POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private RunningApi start(String token, String dashboardUrl, ProducerLimits limits) {
        HttpSettings settings = new HttpSettings(0, "127.0.0.1", Optional.ofNullable(token), 0, Optional.empty(), Optional.empty(), 1 << 20,
                Optional.ofNullable(dashboardUrl), Optional.of(READ_TOKEN), List.of());
        RunningApi api = new RunningApi(dir.resolve("input"), settings, limits);
        started.add(api);
        return api;
    }

    private static ProducerLimits limits(Optional<Path> keys, long anonymousPerMinute) {
        Optional<RateLimit> anonymous = Optional.of(new RateLimit(anonymousPerMinute, Duration.ofMinutes(1)));
        ApiLimitSettings settings = new ApiLimitSettings(keys, Map.of(ApiTier.ANONYMOUS, new ApiLimitSettings.TierLimits(anonymous, anonymous)));
        return ProducerLimits.of(settings, TestRedis.client(), RedisKeys.withPrefix(TestRedis.uniquePrefix()), null);
    }
}
