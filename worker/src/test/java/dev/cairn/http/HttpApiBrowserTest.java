package dev.cairn.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.breaker.BreakerState;
import dev.cairn.config.HttpSettings;
import dev.cairn.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web page the user opens must not drive the worker through their browser (issue #14 item 7): the default
 * set-up (loopback, no token) refuses form and {@code no-cors} bodies, cross-site calls and DNS-rebound host
 * names, while the CLI, {@code CairnClient} and probes keep working.
 */
class HttpApiBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "{\"type\": \"pdf-processing\", \"payload\": {}}";

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakesStartedByTest();

    private RunningApi start(String bind, List<String> allowedHosts) {
        return server.start(new HttpSettings(0, bind, Optional.empty(), 0, Optional.empty(), Optional.empty(), 1 << 20,
                Optional.empty(), Optional.empty(), allowedHosts));
    }

    private RunningApi startDefault() {
        return start("127.0.0.1", List.of());
    }

    private RawHttp.Response raw(String method, String path, String body, String... headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1:" + server.api().api.port());
        for (int i = 0; i < headers.length; i += 2) all.put(headers[i], headers[i + 1]);
        return RawHttp.send(server.api().api.port(), method, path, all, body);
    }

    private static void assertRawError(RawHttp.Response response, int status, String code) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo(code);
        assertThat(JSON.readTree(response.body()).path("message").asText()).isNotBlank();
    }

    private BreakerState acme() {
        return server.api().breakers.find("acme").orElseThrow().refresh().state();
    }

    @Test
    void shouldRefuseAFormPostToForceOpen() throws Exception {
        startDefault();
        // what <form method=post> and fetch(..., {mode: "no-cors"}) can send without the browser asking first
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain;charset=UTF-8")) {
            HttpResponse<String> response = server.api().send(server.api().request("/api/circuit-breakers/acme/force-open")
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("a=b")).build());
            assertError(response, 415, "unsupported_media_type");
            // an empty form is no better
            HttpResponse<String> empty = server.api().send(server.api().request("/api/dlq/retry").header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertError(empty, 415, "unsupported_media_type");
        }
        assertThat(acme()).isEqualTo(BreakerState.CLOSED);
        assertThat(server.api().dlq.bulkRetries).isEmpty();
    }

    @Test
    void shouldRefuseACrossSiteJsonPost() throws Exception {
        startDefault();
        assertRawError(raw("POST", "/api/jobs", JOB, "Content-Type", "application/json", "Origin", "http://evil.example"),
                403, "cross_site_request");
        assertRawError(raw("POST", "/api/jobs", JOB, "Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"),
                403, "cross_site_request");
        assertRawError(raw("POST", "/api/circuit-breakers/acme/force-open", null, "Origin", "null"), 403, "cross_site_request");
        // another port of this very host is another origin: a local dev server's page is not the worker
        assertRawError(raw("POST", "/api/circuit-breakers/acme/force-open", null, "Origin", "http://127.0.0.1:3000"),
                403, "cross_site_request");
        assertRawError(raw("DELETE", "/api/dlq/j1", null, "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site"),
                403, "cross_site_request");
        assertThat(server.api().jobs.submissions).isEmpty();
        assertThat(acme()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void shouldRefuseABodyWithoutContentType() throws Exception {
        startDefault();
        HttpResponse<String> response = server.api().send(server.api().request("/api/jobs").POST(HttpRequest.BodyPublishers.ofString(JOB)).build());

        assertError(response, 415, "unsupported_media_type");
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldAcceptTheCallsOfClientsAndOfTheWorkersOwnOrigin() throws Exception {
        startDefault();
        int port = server.api().api.port();
        assertThat(raw("POST", "/api/jobs", JOB, "Content-Type", "application/json", "Origin", "http://127.0.0.1:" + port,
                "Sec-Fetch-Site", "same-origin").status()).isEqualTo(202);
        assertThat(raw("POST", "/api/jobs", JOB, "Content-Type", "application/json; charset=utf-8").status()).isEqualTo(202);
        // a body-less POST as CairnClient sends it: no Content-Type, Content-Length 0
        assertThat(raw("POST", "/api/circuit-breakers/acme/force-open", "").status()).isEqualTo(200);
        assertThat(raw("POST", "/api/circuit-breakers/acme/reset", null, "Content-Type", "application/json").status()).isEqualTo(200);
        // reads from anywhere: the browser does not let the page see the answer
        assertThat(raw("GET", "/api/circuit-breakers", null, "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site")
                .status()).isEqualTo(200);
        assertThat(server.api().jobs.submissions).hasSize(2);
    }

    @Test
    void shouldAnswer421ToAForeignHost() throws Exception {
        startDefault();
        server.api().dlq.add("j1", "pdf-processing", "E", "boom", Instant.parse("2025-01-01T00:00:00Z"));
        for (String path : List.of("/api/dlq", "/api/dlq/j1", "/api/dlq/export", "/health/dlq", "/api/circuit-breakers", "/api/jobs/j1",
                "/openapi.json")) {
            assertRawError(raw("GET", path, null, "Host", "evil.example:" + server.api().api.port()), 421, "misdirected_request");
        }
        assertRawError(raw("POST", "/api/circuit-breakers/acme/force-open", "", "Host", "evil.example"), 421, "misdirected_request");
        assertThat(acme()).isEqualTo(BreakerState.CLOSED);
        // probes and Prometheus use any name (a service, the pod's IP): open, and there is nothing secret there
        assertThat(raw("GET", "/health/live", null, "Host", "cairn.svc.cluster.local").status()).isEqualTo(200);
        assertThat(raw("GET", "/health/ready", null, "Host", "10.0.0.9:8080").status()).isEqualTo(200);
        assertThat(raw("GET", "/health/circuit-breakers", null, "Host", "cairn.svc.cluster.local").status()).isEqualTo(200);
        assertThat(raw("GET", "/metrics", null, "Host", "cairn.svc.cluster.local").status()).isEqualTo(200);
    }

    @Test
    void shouldAnswerToLoopbackNamesTheBindAddressAndConfiguredHosts() {
        start("127.0.0.1", List.of("cairn.example.com", "*.corp.example"));
        int port = server.api().api.port();
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "127.0.0.2",
                "cairn.example.com", "CAIRN.example.com:443", "worker-1.corp.example")) {
            assertThat(raw("GET", "/api/circuit-breakers", null, "Host", host).status()).as(host).isEqualTo(200);
        }
        for (String host : List.of("evil.example", "cairn.example.com.evil.example", "corp.example", "10.1.2.3", "127.0.0.1.evil.example")) {
            assertThat(raw("GET", "/api/circuit-breakers", null, "Host", host).status()).as(host).isEqualTo(421);
        }
    }

    @Test
    void shouldAnswerToAnyIpLiteralWhenBoundToEveryInterface() {
        start("0.0.0.0", List.of());
        assertThat(raw("GET", "/api/circuit-breakers", null, "Host", "10.1.2.3:8080").status()).isEqualTo(200);
        assertThat(raw("GET", "/api/circuit-breakers", null, "Host", "[fd00::7]:8080").status()).isEqualTo(200);
        assertThat(raw("GET", "/api/circuit-breakers", null, "Host", "evil.example:8080").status()).isEqualTo(421);
    }
}
