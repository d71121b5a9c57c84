package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobView;
import dev.cairn.config.HttpSettings;
import dev.cairn.fleet.WorkerInfo;
import dev.cairn.metrics.MetricNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #17: the reads the console needs that the API lacked: {@code GET /api/jobs} (a page of jobs, newest change
 * first, filtered by state, type and age), {@code GET /api/workers} (the fleet's leases) and {@code GET /api/overview}
 * (jobs by state and type, this worker's last hour).
 */
class HttpApiConsoleDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    @Test
    void shouldListJobsNewestFirstFilteredAndPaged() throws Exception {
        put("a", "pdf-processing", "FAILED", "2025-01-01T00:00:00Z");
        put("b", "chapter-generation", "FAILED", "2025-01-01T01:00:00Z");
        put("c", "pdf-processing", "SUCCEEDED", "2025-01-01T02:00:00Z");
        put("d", "pdf-processing", "FAILED", "2025-01-01T03:00:00Z");

        JsonNode all = json(server.api().get("/api/jobs"));
        JsonNode failedPdfs = json(server.api().get("/api/jobs?state=failed&type=pdf-processing&limit=1"));
        JsonNode next = json(server.api().get("/api/jobs?state=failed&type=pdf-processing&limit=1&cursor=" + failedPdfs.get("next_cursor").asText()));
        JsonNode recent = json(server.api().get("/api/jobs?since=2025-01-01T01:30:00Z"));

        assertThat(ids(all)).containsExactly("d", "c", "b", "a");
        assertThat(all.get("next_cursor").isNull()).isTrue();
        assertThat(ids(failedPdfs)).containsExactly("d");
        assertThat(ids(next)).containsExactly("a");
        assertThat(next.get("next_cursor").isNull()).isTrue();
        assertThat(ids(recent)).containsExactly("d", "c");
        assertThat(all.get("jobs").get(0).get("state").asText()).isEqualTo("FAILED");
        assertThat(all.get("jobs").get(0).get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void shouldRefuseParametersItDoesNotKnow() throws Exception {
        assertThat(assertError(server.api().get("/api/jobs?state=BROKEN"), 400, "bad_request").get("message").asText()).contains("state");
        assertThat(assertError(server.api().get("/api/jobs?limit=0"), 400, "bad_request").get("message").asText()).contains("limit");
        assertThat(assertError(server.api().get("/api/jobs?cursor=x"), 400, "bad_request").get("message").asText()).contains("cursor");
        assertThat(assertError(server.api().get("/api/jobs?stat=FAILED"), 400, "bad_request").get("message").asText()).contains("stat");
    }

    @Test
    void shouldListTheFleetsLeasesAndTheReclaimCount() throws Exception {
        server.api().leases.renew(new WorkerInfo("server-1", "host-a:123", List.of("job-9"), 1_700_000_000_000L));
        server.api().registry.counter(MetricNames.JOBS_RECLAIMED).increment(2);

        JsonNode body = json(server.api().get("/api/workers"));

        assertThat(body.get("workers")).hasSize(1);
        JsonNode worker = body.get("workers").get(0);
        assertThat(worker.get("server_id").asText()).isEqualTo("server-1");
        assertThat(worker.get("name").asText()).isEqualTo("host-a:123");
        assertThat(worker.get("running_jobs").get(0).asText()).isEqualTo("job-9");
        assertThat(worker.get("renewed_at").asText()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L).toString());
        assertThat(worker.get("expired").asBoolean()).isFalse();
        assertThat(Instant.parse(worker.get("lease_expires_at").asText())).isAfter(Instant.now());
        assertThat(body.get("reclaimed_by_this_worker").asLong()).isEqualTo(2);
    }

    @Test
    void shouldCountJobsByStateAndTypeAndShowTheLastHour() throws Exception {
        put("a", "pdf-processing", "FAILED", "2025-01-01T00:00:00Z");
        put("b", "chapter-generation", "FAILED", "2025-01-01T01:00:00Z");
        put("c", "pdf-processing", "ENQUEUED", "2025-01-01T02:00:00Z");
        server.api().registry.counter(MetricNames.JOBS_COMPLETED, MetricNames.TAG_TYPE, "pdf-processing", MetricNames.TAG_OUTCOME, "succeeded").increment(3);
        server.api().registry.counter(MetricNames.JOBS_COMPLETED, MetricNames.TAG_TYPE, "chapter-generation", MetricNames.TAG_OUTCOME, "failed").increment();

        JsonNode body = json(server.api().get("/api/overview"));

        assertThat(body.at("/jobs/by_state/FAILED").asLong()).isEqualTo(2);
        assertThat(body.at("/jobs/by_type/FAILED/chapter-generation").asLong()).isEqualTo(1);
        assertThat(body.at("/jobs/by_type/ENQUEUED/pdf-processing").asLong()).isEqualTo(1);
        assertThat(body.at("/last_hour/totals/succeeded").asLong()).as("a young worker's first minute counts from its start").isEqualTo(3);
        assertThat(body.at("/last_hour/totals/failed").asLong()).isEqualTo(1);
        assertThat(body.at("/last_hour/minutes/0/succeeded").asLong()).isEqualTo(3);
    }

    private void put(String id, String type, String state, String updatedAt) {
        Instant at = Instant.parse(updatedAt);
        server.api().jobs.jobs.put(id, new JobView(id, type, state, 2, at.minusSeconds(60), at, null, null, null));
    }

    private static List<String> ids(JsonNode page) {
        return page.get("jobs").findValuesAsText("job_id");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
