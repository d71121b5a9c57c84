package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.JobView;
import dev.cairn.api.StepView;
import dev.cairn.api.pipeline.InvalidPayloadException;
import dev.cairn.config.HttpSettings;
import dev.cairn.jobs.IdempotencyConflictException;
import dev.cairn.pipeline.UnknownJobTypeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiJobsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    @Test
    void shouldAcceptJobWith202AndJobId() throws Exception {
        HttpResponse<String> response = server.api().postJson("/api/jobs",
                "{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"a.pdf\", \"summarize\": true}, \"idempotency_key\": \"k1\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("job_id").asText()).isEqualTo("job-1");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(server.api().jobs.submissions).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo("pdf-processing");
            assertThat(s.payload()).containsEntry("file", "a.pdf").containsEntry("summarize", true);
            assertThat(s.idempotencyKey()).isEqualTo("k1");
        });
    }

    @Test
    void shouldAnswer202WithTheSameIdWhenTheIdempotencyKeyRepeats() throws Exception {
        String body = "{\"type\": \"pdf-processing\", \"payload\": {}, \"idempotency_key\": \"same\"}";
        HttpResponse<String> first = server.api().postJson("/api/jobs", body);
        HttpResponse<String> second = server.api().postJson("/api/jobs", body);

        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json(second).get("job_id").asText()).isEqualTo(json(first).get("job_id").asText());
    }

    @Test
    void shouldRejectMalformedJsonWith400InvalidJson() throws Exception {
        for (String body : List.of("{\"type\": ", "not json", "{\"type\": \"a\"} trailing", "{\"type\": \"a\", \"type\": \"b\"}", "")) {
            HttpResponse<String> response = server.api().postJson("/api/jobs", body);
            assertError(response, 400, "invalid_json");
        }
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldRejectWrongShapesWithMessagesNamingTheField() throws Exception {
        assertThat(message(assertError(server.api().postJson("/api/jobs", "[1, 2]"), 400, "bad_request"))).contains("JSON object");
        assertThat(message(assertError(server.api().postJson("/api/jobs", "{\"payload\": {}}"), 400, "bad_request"))).contains("'type'");
        assertThat(message(assertError(server.api().postJson("/api/jobs", "{\"type\": 7}"), 400, "bad_request"))).contains("'type'", "string");
        assertThat(message(assertError(server.api().postJson("/api/jobs", "{\"type\": \"pdf-processing\", \"payload\": \"x\"}"),
                400, "invalid_payload")))
                .contains("'payload'");
        assertThat(message(assertError(server.api().postJson("/api/jobs", "{\"type\": \"pdf-processing\", \"idempotency_key\": 5}"),
                400, "bad_request")))
                .contains("'idempotency_key'");
        String longKey = "k".repeat(201);
        assertThat(message(assertError(server.api().postJson("/api/jobs",
                "{\"type\": \"pdf-processing\", \"idempotency_key\": \"" + longKey + "\"}"), 400, "bad_request")))
                .contains("200");
        assertThat(message(assertError(server.api().postJson("/api/jobs", "{\"type\": \"pdf-processing\", \"idempotencyKey\": \"x\"}"),
                400, "bad_request")))
                .contains("idempotencyKey");
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldRejectNonJsonContentTypeWith415() throws Exception {
        HttpResponse<String> response = server.api().send(server.api().request("/api/jobs").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"pdf-processing\"}")).build());

        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void shouldRejectJsonBodyOverOneMegabyteWith413() throws Exception {
        String big = "{\"type\": \"pdf-processing\", \"payload\": {\"pad\": \"" + "x".repeat(1024 * 1024) + "\"}}";

        assertError(server.api().postJson("/api/jobs", big), 413, "payload_too_large");
        // chunked, no Content-Length: the limit holds while reading
        HttpResponse<String> chunked = server.api().send(server.api().request("/api/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build());
        assertError(chunked, 413, "payload_too_large");
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldReturnTheJobAsSnakeCaseJsonWithIsoInstants() throws Exception {
        Instant t = Instant.parse("2025-03-04T05:06:07Z");
        CheckpointView checkpoint = new CheckpointView("extract-text", 42.5, 1, t, List.of(
                new StepView("inspect", StepView.COMPLETED, 1, null, t),
                new StepView("extract-text", StepView.RUNNING, 2, "57", null)));
        server.api().jobs.jobs.put("j1", new JobView("j1", "pdf-processing", "PROCESSING", 1, t, t, checkpoint, null, null));

        HttpResponse<String> response = server.api().get("/api/jobs/j1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode job = json(response);
        assertThat(job.get("job_id").asText()).isEqualTo("j1");
        assertThat(job.get("created_at").asText()).isEqualTo("2025-03-04T05:06:07Z");
        assertThat(job.at("/checkpoint/current_step").asText()).isEqualTo("extract-text");
        assertThat(job.at("/checkpoint/progress_percent").asDouble()).isEqualTo(42.5);
        assertThat(job.at("/checkpoint/steps/1/cursor").asText()).isEqualTo("57");
        assertThat(job.at("/checkpoint/steps/0/completed_at").asText()).isEqualTo("2025-03-04T05:06:07Z");
        List<String> stepFields = job.at("/checkpoint/steps/0").properties().stream().map(Map.Entry::getKey).toList();
        assertThat(stepFields).containsExactly("name", "status", "runs", "completed_at");
        assertThat(job.has("result")).isFalse();
    }

    @Test
    void shouldShowANullCheckpointExplicitly() throws Exception {
        server.api().jobs.jobs.put("j2", new JobView("j2", "pdf-processing", "ENQUEUED", 0, RunningApi.NOW, RunningApi.NOW, null, null, null));

        JsonNode job = json(server.api().get("/api/jobs/j2"));

        assertThat(job.has("checkpoint")).isTrue();
        assertThat(job.get("checkpoint").isNull()).isTrue();
    }

    @Test
    void shouldAnswer404NotFoundForAnUnknownJob() throws Exception {
        HttpResponse<String> response = server.api().get("/api/jobs/nope");

        assertThat(message(assertError(response, 404, "not_found"))).isEqualTo("no job with id nope");
    }

    @Test
    void shouldMapServiceExceptionsToStatusesAndCodes() throws Exception {
        String body = "{\"type\": \"pdf-processing\", \"payload\": {}}";
        server.api().jobs.failWith(new UnknownJobTypeException("x", List.of("pdf-processing")));
        assertError(server.api().postJson("/api/jobs", body), 400, "unknown_type");
        server.api().jobs.failWith(new InvalidPayloadException("payload field 'file' is missing"));
        assertThat(message(assertError(server.api().postJson("/api/jobs", body), 400, "invalid_payload")))
                .isEqualTo("payload field 'file' is missing");
        server.api().jobs.failWith(new IdempotencyConflictException("k", "job-9"));
        assertError(server.api().postJson("/api/jobs", body), 409, "idempotency_conflict");
        server.api().jobs.failWith(CairnException.permanent("nope"));
        assertError(server.api().postJson("/api/jobs", body), 400, "bad_request");
    }

    @Test
    void shouldAnswer503WhenARetryableCairnExceptionEscapes() throws Exception {
        server.api().jobs.failWith(CairnException.retryable("Redis is unreachable at 127.0.0.1:6379", null));

        HttpResponse<String> submit = server.api().postJson("/api/jobs", "{\"type\": \"pdf-processing\", \"payload\": {}}");
        HttpResponse<String> find = server.api().get("/api/jobs/j1");

        assertThat(message(assertError(submit, 503, "unavailable"))).contains("Redis");
        assertThat(submit.headers().firstValue("Retry-After")).isPresent();
        assertError(find, 503, "unavailable");
    }

    @Test
    void shouldAnswer500WithoutInternalsForAnUnexpectedExceptionAndKeepServing() throws Exception {
        server.api().jobs.failWith(new IllegalStateException("secret internal detail"));

        HttpResponse<String> response = server.api().postJson("/api/jobs", "{\"type\": \"pdf-processing\", \"payload\": {}}");

        assertThat(message(assertError(response, 500, "internal_error"))).doesNotContain("secret");
        server.api().jobs.failWith(null);
        assertThat(server.api().postJson("/api/jobs", "{\"type\": \"pdf-processing\", \"payload\": {}}").statusCode()).isEqualTo(202);
    }

    static JsonNode assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.size()).isEqualTo(2);
        return body;
    }

    static String message(JsonNode error) {
        return error.get("message").asText();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
