package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.config.HttpSettings;
import dev.cairn.http.HealthChecks.ComponentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.cairn.http.HttpApiJobsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

class HttpApiHealthTest {

    private static final ComponentStatus DOWN = new ComponentStatus(ComponentStatus.DOWN, 1000, "connection refused");

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    @Test
    void shouldBeHealthyAndReadyWhenEverythingIsUp() throws Exception {
        HttpResponse<String> health = server.api().get("/health");
        JsonNode body = json(health);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(body.get("status").asText()).isEqualTo("healthy");
        assertThat(body.get("service").asText()).isEqualTo("cairn-worker");
        assertThat(body.get("version").asText()).isEqualTo("1.2.3-test");
        assertThat(body.get("timestamp").asText()).isEqualTo("2025-01-02T03:04:05Z");

        HttpResponse<String> ready = server.api().get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("ready");
        assertThat(json(ready).at("/components/job_storage/status").asText()).isEqualTo("up");
        assertThat(json(ready).at("/components/job_storage/latency_ms").asLong()).isEqualTo(2);
        assertThat(json(ready).at("/components/redis/status").asText()).isEqualTo("up");
    }

    @Test
    void shouldBeDegradedButReadyWhenRedisIsDown() throws Exception {
        server.api().health.redis = DOWN;

        HttpResponse<String> health = server.api().get("/health");
        HttpResponse<String> ready = server.api().get("/health/ready");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("degraded");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("degraded");
        assertThat(json(ready).at("/components/redis/message").asText()).isEqualTo("connection refused");
    }

    @Test
    void shouldBeUnhealthyAndNotReadyWhenJobStorageIsDown() throws Exception {
        server.api().health.jobStorage = DOWN;

        HttpResponse<String> health = server.api().get("/health");
        HttpResponse<String> ready = server.api().get("/health/ready");

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(json(health).get("status").asText()).isEqualTo("unhealthy");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(json(ready).get("status").asText()).isEqualTo("not_ready");
        assertThat(json(ready).get("error").asText()).isEqualTo("not_ready");
        assertThat(json(ready).get("message").asText()).contains("connection refused");
        assertThat(json(ready).at("/components/job_storage/status").asText()).isEqualTo("down");
    }

    @Test
    void shouldTreatACheckThatThrowsAsDown() throws Exception {
        server.api().health.jobStorage = null;

        assertThat(server.api().get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldAlwaysBeAliveWhileServing() throws Exception {
        server.api().health.jobStorage = DOWN;

        HttpResponse<String> live = server.api().get("/health/live");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(json(live).get("status").asText()).isEqualTo("alive");
    }

    @Test
    void shouldReportStartup() throws Exception {
        server.api().health.started = false;
        assertThat(server.api().get("/health/startup").statusCode()).isEqualTo(503);

        server.api().health.started = true;
        HttpResponse<String> started = server.api().get("/health/startup");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(json(started).get("status").asText()).isEqualTo("started");
    }

    @Test
    void shouldServePrometheusTextWithItsContentType() {
        server.api().registry.counter("cairn.jobs.started", "type", "pdf-processing").increment();

        HttpResponse<String> metrics = server.api().get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("cairn_jobs_started_total{type=\"pdf-processing\"} 1.0");
    }

    @Test
    void shouldListEveryComponentWithStatusLatencyAndFigures() throws Exception {
        JsonNode ready = json(server.api().get("/health/ready"));
        JsonNode startup = json(server.api().get("/health/startup"));

        for (JsonNode body : new JsonNode[]{ready, startup}) {
            assertThat(body.at("/components").fieldNames()).toIterable()
                    .containsExactly("job_storage", "redis", "disk_space", "memory");
            assertThat(body.at("/components/disk_space/status").asText()).isEqualTo("up");
            assertThat(body.at("/components/disk_space/free_bytes").asLong()).isEqualTo(10_000_000_000L);
            assertThat(body.at("/components/memory/heap_max_bytes").asLong()).isEqualTo(1_000_000_000L);
            assertThat(body.at("/components/memory/latency_ms").isNumber()).isTrue();
        }
    }

    @Test
    void shouldBeDegradedButReadyWhenTheDiskRunsLow() throws Exception {
        server.api().health.diskSpace = new ComponentStatus(ComponentStatus.LOW, 0, "only 12 MB free under /data (below 512 MB)",
                java.util.Map.of("free_bytes", 12_000_000L));

        HttpResponse<String> ready = server.api().get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).get("status").asText()).isEqualTo("degraded");
        assertThat(json(ready).at("/components/disk_space/status").asText()).isEqualTo("low");
        assertThat(json(ready).at("/components/disk_space/message").asText()).contains("12 MB free");
    }

    @Test
    void shouldReportAThrowingCheckAsADownComponentNotAFailedProbe() throws Exception {
        server.api().health.memory = null;

        HttpResponse<String> ready = server.api().get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).at("/components/memory/status").asText()).isEqualTo("down");
    }
}
