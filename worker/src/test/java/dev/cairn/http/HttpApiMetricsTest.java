package dev.cairn.http;

import dev.cairn.config.HttpSettings;
import dev.cairn.http.internal.RequestMetrics;
import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code http_server_requests_seconds{method,uri,status,outcome}}: every request the API answers, its {@code uri}
 * the route's template (never the raw path), its status the one the client got, also when an error mapping or
 * a before-handler (token, browser guard) wrote the response.
 */
class HttpApiMetricsTest {

    private static final String TOKEN = "m3trics-token";
    private static final String JOB = "{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"a.pdf\"}}";

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes(new HttpSettings(0, "127.0.0.1",
            Optional.of(TOKEN), 0, Optional.empty(), Optional.empty(), 1024 * 1024, Optional.empty(), Optional.empty(), List.of()));

    private HttpResponse<String> get(String path) {
        return server.api().send(server.api().request(path).header("Authorization", "Bearer " + TOKEN).GET().build());
    }

    private HttpResponse<String> post(String path, String contentType, String body, boolean withToken) {
        HttpRequest.Builder request = server.api().request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (withToken) request.header("Authorization", "Bearer " + TOKEN);
        return server.api().send(request.build());
    }

    private long count(String method, String uri, int status) {
        Timer timer = server.api().registry.find(MetricNames.HTTP_SERVER_REQUESTS).tag(MetricNames.TAG_METHOD, method)
                .tag(MetricNames.TAG_URI, uri).tag(MetricNames.TAG_STATUS, Integer.toString(status)).timer();
        return timer == null ? 0 : timer.count();
    }

    private Set<String> uris() {
        return Set.copyOf(server.api().registry.find(MetricNames.HTTP_SERVER_REQUESTS).meters().stream()
                .map(Meter::getId).map(id -> id.getTag(MetricNames.TAG_URI)).toList());
    }

    @Test
    void shouldRecordARequestByItsRouteTemplateNotItsPath() {
        assertThat(post("/api/jobs", "application/json", JOB, true).statusCode()).isEqualTo(202);
        assertThat(get("/api/jobs/job-1").statusCode()).isEqualTo(404);
        assertThat(get("/api/jobs/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d").statusCode()).isEqualTo(404);

        assertThat(count("POST", "/api/jobs", 202)).isEqualTo(1);
        assertThat(count("GET", "/api/jobs/{id}", 404)).isEqualTo(2);
        assertThat(server.api().registry.find(MetricNames.HTTP_SERVER_REQUESTS).tag(MetricNames.TAG_URI, "/api/jobs")
                .tag(MetricNames.TAG_STATUS, "202").timer().getId().getTag(MetricNames.TAG_OUTCOME)).isEqualTo("SUCCESS");
        assertThat(uris()).containsExactlyInAnyOrder("/api/jobs", "/api/jobs/{id}");
    }

    @Test
    void shouldRecordUnknownPathsUnderOneBoundedUri() {
        assertThat(get("/no/such/thing").statusCode()).isEqualTo(404);
        assertThat(get("/api/jobs/job-1/and/more/" + "x".repeat(40)).statusCode()).isEqualTo(404);
        assertThat(get("/favicon.ico").statusCode()).isEqualTo(404);

        assertThat(count("GET", RequestMetrics.NOT_FOUND, 404)).isEqualTo(3);
        assertThat(uris()).containsExactly(RequestMetrics.NOT_FOUND);
    }

    @Test
    void shouldRecordAWrongMethodUnderThePathsRoute() {
        HttpResponse<String> response = server.api().send(server.api().request("/api/jobs").header("Authorization", "Bearer " + TOKEN)
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(count("DELETE", "/api/jobs", 405)).isEqualTo(1);
    }

    @Test
    void shouldRecordMappedErrorsAndGuardRefusalsWithTheStatusSent() {
        assertThat(post("/api/jobs", "application/json", "{{{", true).statusCode()).isEqualTo(400);
        assertThat(post("/api/jobs", "application/json", JOB, false).statusCode()).isEqualTo(401);
        assertThat(post("/api/jobs", "text/plain", JOB, true).statusCode()).isEqualTo(415);
        server.api().jobs.failWith(new IllegalStateException("a bug"));
        assertThat(get("/api/jobs/job-1").statusCode()).isEqualTo(500);

        assertThat(count("POST", "/api/jobs", 400)).as("ErrorMapping: malformed JSON").isEqualTo(1);
        assertThat(count("POST", "/api/jobs", 401)).as("the token check, a before-handler").isEqualTo(1);
        assertThat(count("POST", "/api/jobs", 415)).as("the browser guard, a before-handler").isEqualTo(1);
        assertThat(count("GET", "/api/jobs/{id}", 500)).as("ErrorMapping: an unexpected exception").isEqualTo(1);
        assertThat(server.api().registry.find(MetricNames.HTTP_SERVER_REQUESTS).tag(MetricNames.TAG_STATUS, "500").timer()
                .getId().getTag(MetricNames.TAG_OUTCOME)).isEqualTo("SERVER_ERROR");
    }

    @Test
    void shouldExportTheTimerWithHistogramBuckets() {
        assertThat(server.api().get("/health/live").statusCode()).isEqualTo(200);

        String scrape = server.api().get("/metrics").body();

        assertThat(scrape).containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/health/live\"[^}]*le=\"0\\.005\"")
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/health/live\"} 1");
    }
}
