package dev.cairn.http;

import dev.cairn.config.HttpSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static dev.cairn.http.HttpApiJobsTest.message;
import static org.assertj.core.api.Assertions.assertThat;

class HttpApiRoutingTest {

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    @Test
    void shouldAnswerUnknownRoutesWith404Json() throws Exception {
        HttpResponse<String> response = server.api().get("/no/such/thing");

        assertThat(message(assertError(response, 404, "not_found"))).contains("/no/such/thing");
    }

    @Test
    void shouldAnswerWrongMethodsWith405JsonAndAllowHeader() throws Exception {
        HttpResponse<String> response = server.api().send(server.api().request("/api/jobs")
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(message(assertError(response, 405, "method_not_allowed"))).contains("DELETE");
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("POST"));
    }

    @Test
    void shouldAnswerABadUriWithJsonToo() throws Exception {
        // an ambiguous encoded path segment is refused by Jetty before Javalin sees it
        HttpResponse<String> response = server.api().get("/api/jobs/%2e%2e%2f%2e%2e");

        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(response.body()).startsWith("{\"error\":");
    }

    @Test
    void shouldKeepServingAfterBadRequests() throws Exception {
        for (int i = 0; i < 20; i++) {
            server.api().postJson("/api/jobs", "{{{" + i);
        }

        assertThat(server.api().get("/health/live").statusCode()).isEqualTo(200);
    }
}
