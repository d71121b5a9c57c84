package dev.cairn.http;

import dev.cairn.breaker.BreakerState;
import dev.cairn.config.HttpSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class HttpApiAuthTest {

    private static final String TOKEN = "s3cret-token";
    private static final String READ_TOKEN = "r3ad-only-token";
    private static final String JOB = "{\"type\": \"pdf-processing\", \"payload\": {}}";

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes(new HttpSettings(0, "127.0.0.1",
            Optional.of(TOKEN), 0, Optional.empty(), Optional.empty(), 1024 * 1024, Optional.empty(), Optional.of(READ_TOKEN), List.of()));

    @Test
    void shouldRefuseAMutatingCallWithoutToken() throws Exception {
        HttpResponse<String> response = server.api().postJson("/api/jobs", JOB);

        assertError(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldRefuseAWrongTokenOrScheme() throws Exception {
        assertError(post("Bearer wrong"), 401, "unauthorized");
        assertError(post("Bearer " + TOKEN + "x"), 401, "unauthorized");
        assertError(post("Basic " + TOKEN), 401, "unauthorized");
        assertError(post("Bearer "), 401, "unauthorized");
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldAcceptTheRightToken() {
        assertThat(post("Bearer " + TOKEN).statusCode()).isEqualTo(202);
        assertThat(post("bearer " + TOKEN).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldGuardUploadsToo() throws Exception {
        HttpResponse<String> response = server.api().send(server.api().request("/api/files").header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{1, 2, 3})).build());

        assertError(response, 401, "unauthorized");
    }

    @Test
    void shouldRequireTheTokenToReadTheDlq() throws Exception {
        server.api().dlq.add("j1", "pdf-processing", "ProviderException", "provider said: secret excerpt", Instant.parse("2025-01-01T00:00:00Z"));
        for (String path : List.of("/api/dlq", "/api/dlq/j1", "/api/dlq/export", "/health/dlq", "/api/circuit-breakers", "/api/jobs/j1")) {
            HttpResponse<String> response = server.api().get(path);
            assertError(response, 401, "unauthorized");
            assertThat(response.body()).doesNotContain("secret excerpt");
            assertError(get(path, "Bearer wrong"), 401, "unauthorized");
        }
        assertThat(get("/api/dlq", "Bearer " + TOKEN).body()).contains("secret excerpt");
        assertThat(get("/api/dlq/export", "Bearer " + TOKEN).body()).contains("secret excerpt");
        assertThat(get("/api/circuit-breakers", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldLetTheReadTokenReadButChangeNothing() throws Exception {
        server.api().dlq.add("j1", "pdf-processing", "E", "boom", Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(get("/api/dlq/j1", "Bearer " + READ_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/api/circuit-breakers", "Bearer " + READ_TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/health/dlq", "Bearer " + READ_TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> forceOpen = server.api().send(server.api().request("/api/circuit-breakers/acme/force-open")
                .header("Authorization", "Bearer " + READ_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertError(forceOpen, 403, "forbidden");
        assertThat(forceOpen.body()).contains("CAIRN_API_READ_TOKEN");
        assertError(post("Bearer " + READ_TOKEN), 403, "forbidden");
        assertThat(server.api().breakers.find("acme").orElseThrow().refresh().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldKeepProbesAndMetricsOpen() {
        assertThat(server.api().get("/health").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/health/circuit-breakers").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/health/live").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/metrics").statusCode()).isEqualTo(200);
        // the API's own description holds no secrets: a producer reads it before it has a token
        assertThat(server.api().get("/openapi.json").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String authorization) {
        return server.api().send(server.api().request(path).header("Authorization", authorization).GET().build());
    }

    private HttpResponse<String> post(String authorization) {
        return server.api().send(server.api().request("/api/jobs").header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(JOB)).build());
    }
}
