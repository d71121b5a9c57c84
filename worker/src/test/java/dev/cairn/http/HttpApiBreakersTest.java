package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.HttpSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker endpoints on real breakers (test Redis, a key prefix of their own). */
class HttpApiBreakersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakesStartedByTest();

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void shouldShowForceOpenAndResetBreakers() throws Exception {
        server.start(RunningApi.settings(null, 1024 * 1024));
        JsonNode healthy = json(server.api().get("/health/circuit-breakers"));
        assertThat(healthy.get("status").asText()).isEqualTo("healthy");
        assertThat(healthy.at("/summary/total_breakers").asInt()).isEqualTo(2);
        assertThat(healthy.at("/summary/all_healthy").asBoolean()).isTrue();
        assertThat(healthy.at("/circuit_breakers/acme/state").asText()).isEqualTo("CLOSED");
        assertThat(healthy.at("/circuit_breakers/acme/healthy").asBoolean()).isTrue();
        assertThat(healthy.at("/circuit_breakers/acme").has("failure_count")).isTrue();
        assertThat(healthy.at("/circuit_breakers/acme").has("success_count")).isTrue();

        HttpResponse<String> opened = server.api().postJson("/api/circuit-breakers/acme/force-open", "");
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(json(opened).get("state").asText()).isEqualTo("OPEN");
        assertThat(json(opened).get("retry_at").isNull()).isFalse();

        JsonNode degraded = json(server.api().get("/health/circuit-breakers"));
        assertThat(degraded.get("status").asText()).isEqualTo("degraded");
        assertThat(degraded.at("/summary/open_circuits").asInt()).isEqualTo(1);
        assertThat(json(server.api().get("/api/circuit-breakers")).get("circuit_breakers")).hasSize(2);

        assertThat(json(server.api().postJson("/api/circuit-breakers/acme/reset", "")).get("state").asText()).isEqualTo("CLOSED");
        assertThat(json(server.api().get("/health/circuit-breakers")).get("status").asText()).isEqualTo("healthy");
    }

    @Test
    void shouldAnswer404ForAnUnknownBreakerAnd401WithoutTheToken() throws Exception {
        server.start(RunningApi.settings("s3cret-token", 1024 * 1024));
        HttpResponse<String> unauthorized = server.api().postJson("/api/circuit-breakers/acme/reset", "");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = server.api().send(server.api().request("/api/circuit-breakers/nope/reset")
                .header("Authorization", "Bearer s3cret-token").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).isEqualTo("not_found");
        assertThat(json(unknown).get("message").asText()).contains("acme");
        assertThat(server.api().get("/api/circuit-breakers").statusCode()).as("reads need the token too").isEqualTo(401);
        assertThat(server.api().get("/health/circuit-breakers").statusCode()).as("the probe stays open").isEqualTo(200);
    }
}
