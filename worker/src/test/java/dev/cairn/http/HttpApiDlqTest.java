package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.HttpSettings;
import dev.cairn.dlq.DlqQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static dev.cairn.http.HttpApiJobsTest.json;
import static dev.cairn.http.HttpApiJobsTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dead-letter queue endpoints against an in-memory {@link FakeDlqService}. */
class HttpApiDlqTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token";
    private static final String PDF = "pdf-processing";
    private static final String CHAPTER = "chapter-generation";
    private static final String BAD_PDF = "dev.cairn.pdf.InvalidPdfException";

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    /** Three entries: j1 oldest, j3 newest; j1 and j3 are PDFs failing alike. */
    private void threeEntries() {
        server.api().dlq.add("j1", PDF, BAD_PDF, "not a PDF", RunningApi.NOW.minus(Duration.ofHours(30)));
        server.api().dlq.add("j2", CHAPTER, "dev.cairn.provider.ProviderException", "timeout", RunningApi.NOW.minus(Duration.ofHours(2)));
        server.api().dlq.add("j3", PDF, BAD_PDF, "not a PDF", RunningApi.NOW.minus(Duration.ofMinutes(10)));
    }

    @Test
    void shouldListEntriesNewestFirstWithTotalAndNextCursor() throws Exception {
        threeEntries();

        HttpResponse<String> first = server.api().get("/api/dlq?limit=2");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode page = json(first);
        assertThat(fieldNames(page)).containsExactly("entries", "total", "next_cursor");
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(ids(page)).containsExactly("j3", "j2");
        JsonNode entry = page.get("entries").get(0);
        assertThat(fieldNames(entry)).containsExactlyInAnyOrder("job_id", "type", "payload", "error_class", "error_message",
                "stack_trace", "signature", "attempts", "first_failed_at", "last_failed_at", "last_completed_step", "dashboard_url", "permanent");
        assertThat(entry.get("last_failed_at").asText()).isEqualTo(RunningApi.NOW.minus(Duration.ofMinutes(10)).toString());
        assertThat(entry.get("payload").get("file").asText()).isEqualTo("j3.pdf");

        String cursor = page.get("next_cursor").asText();
        JsonNode last = json(server.api().get("/api/dlq?limit=2&cursor=" + encode(cursor)));
        assertThat(ids(last)).containsExactly("j1");
        assertThat(last.get("next_cursor").isNull()).isTrue();
        assertThat(server.api().dlq.queries.getLast().cursor()).contains(cursor);
    }

    @Test
    void shouldPassFiltersAndLimitToTheQueue() throws Exception {
        threeEntries();
        String signature = FakeDlqService.signature(BAD_PDF, "not a PDF");

        JsonNode page = json(server.api().get("/api/dlq?type=" + PDF + "&error_class=InvalidPdfException&signature=" + encode(signature)
                + "&q=PDF&limit=7"));

        assertThat(ids(page)).containsExactly("j3", "j1");
        DlqQuery query = server.api().dlq.queries.getLast();
        assertThat(query.type()).contains(PDF);
        assertThat(query.errorClass()).contains("InvalidPdfException");
        assertThat(query.signature()).contains(signature);
        assertThat(query.text()).contains("pdf");
        assertThat(query.limit()).isEqualTo(7);
        assertThat(query.since()).isEmpty();
        assertThat(query.cursor()).isEmpty();
    }

    @Test
    void shouldUseTheDefaultLimitAndIgnoreBlankFilters() {
        assertThat(server.api().get("/api/dlq?type=&q=%20").statusCode()).isEqualTo(200);

        DlqQuery query = server.api().dlq.queries.getLast();
        assertThat(query.limit()).isEqualTo(DlqQuery.DEFAULT_LIMIT);
        assertThat(query.filtered()).isFalse();
    }

    @Test
    void shouldAcceptAnInstantADateOrAnAgeAsSince() {
        Map<String, Instant> forms = new LinkedHashMap<>();
        forms.put("2024-12-31T23:00:00Z", Instant.parse("2024-12-31T23:00:00Z"));
        forms.put("2024-12-31T23:00:00%2B02:00", Instant.parse("2024-12-31T21:00:00Z"));
        forms.put("2024-12-31", Instant.parse("2024-12-31T00:00:00Z"));
        forms.put("90s", RunningApi.NOW.minusSeconds(90));
        forms.put("30m", RunningApi.NOW.minus(Duration.ofMinutes(30)));
        forms.put("24h", RunningApi.NOW.minus(Duration.ofHours(24)));
        forms.put("7d", RunningApi.NOW.minus(Duration.ofDays(7)));
        forms.put("2w", RunningApi.NOW.minus(Duration.ofDays(14)));

        forms.forEach((raw, expected) -> {
            HttpResponse<String> response = server.api().get("/api/dlq?since=" + raw);

            assertThat(response.statusCode()).as(raw + ": " + response.body()).isEqualTo(200);
            assertThat(server.api().dlq.queries.getLast().since()).as(raw).contains(expected);
        });
    }

    @Test
    void shouldRefuseABadSinceNamingTheAcceptedForms() throws Exception {
        for (String raw : List.of("yesterday", "5y", "2024-13-01", "-3d", "2024-12-31T25:00:00Z", "1e3m")) {
            String message = message(assertError(server.api().get("/api/dlq?since=" + encode(raw)), 400, "bad_request"));

            assertThat(message).as(raw).contains("'since'", "ISO-8601", "24h", raw);
        }
        assertThat(server.api().dlq.queries).isEmpty();
    }

    @Test
    void shouldRefuseALimitThatIsNotAWholeNumberFromOneToAThousand() throws Exception {
        for (String raw : List.of("0", "1001", "-1", "ten", "2.5", "99999999999")) {
            assertThat(message(assertError(server.api().get("/api/dlq?limit=" + raw), 400, "bad_request"))).as(raw).contains("'limit'", "1000");
        }
        assertThat(server.api().get("/api/dlq?limit=1000").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/api/dlq?limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseUnknownOrRepeatedParametersSoATypoNeverWidensTheQuery() throws Exception {
        assertThat(message(assertError(server.api().get("/api/dlq?tpye=" + PDF), 400, "bad_request"))).contains("'tpye'", "error_class");
        assertThat(message(assertError(server.api().get("/api/dlq?type=a&type=b"), 400, "bad_request"))).contains("'type'");
        assertThat(message(assertError(server.api().get("/api/dlq/export?limit=5"), 400, "bad_request"))).contains("'limit'");
        assertThat(server.api().dlq.queries).isEmpty();
    }

    @Test
    void shouldAnswerACursorTheQueueDidNotHandOutWith400() throws Exception {
        threeEntries();

        assertThat(message(assertError(server.api().get("/api/dlq?cursor=bogus"), 400, "bad_request"))).contains("cursor 'bogus'");
    }

    @Test
    void shouldExportEveryMatchingEntryAsOneJsonLineEach() throws Exception {
        threeEntries();

        HttpResponse<String> response = server.api().get("/api/dlq/export?type=" + PDF + "&since=7d");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/x-ndjson"));
        assertThat(response.body()).endsWith("\n");
        List<String> ids = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.get("type").asText()).isEqualTo(PDF);
            ids.add(entry.get("job_id").asText());
        }
        assertThat(ids).containsExactly("j3", "j1");
        assertThat(server.api().dlq.queries.getLast().type()).contains(PDF);
        assertThat(server.api().dlq.queries.getLast().since()).contains(RunningApi.NOW.minus(Duration.ofDays(7)));
    }

    @Test
    void shouldExportAnEmptyQueueAsAnEmptyBody() {
        HttpResponse<String> response = server.api().get("/api/dlq/export");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void shouldAnswer503WhenRedisIsDownBeforeTheFirstLine() throws Exception {
        threeEntries();
        server.api().dlq.failExportAfter = 0;

        assertError(server.api().get("/api/dlq/export"), 503, "unavailable");
    }

    @Test
    void shouldBreakTheConnectionWhenTheExportFailsHalfwaySoNoShortExportLooksComplete() {
        threeEntries();
        server.api().dlq.failExportAfter = 2;

        assertThatThrownBy(() -> server.api().get("/api/dlq/export")).isInstanceOf(UncheckedIOException.class);

        server.api().dlq.failExportAfter = -1;
        assertThat(server.api().get("/api/dlq/export").body().lines()).hasSize(3);
    }

    @Test
    void shouldBreakTheConnectionAlsoWhenTheFirstLinesAreAlreadySent() {
        // enough lines to fill every buffer, so the 200 and the first chunks are on the wire when it fails
        for (int i = 0; i < 2_000; i++) server.api().dlq.add("job-" + i, PDF, BAD_PDF, "not a PDF", RunningApi.NOW.minusSeconds(i));
        server.api().dlq.failExportAfter = 1_500;

        assertThatThrownBy(() -> server.api().get("/api/dlq/export")).isInstanceOf(UncheckedIOException.class);
        assertThat(server.api().get("/health/dlq").statusCode()).as("still serving").isEqualTo(200);
    }

    @Test
    void shouldShowOneEntryOrAnswer404() throws Exception {
        threeEntries();

        HttpResponse<String> found = server.api().get("/api/dlq/j2");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(json(found).get("job_id").asText()).isEqualTo("j2");
        assertThat(json(found).get("error_message").asText()).isEqualTo("timeout");

        assertThat(message(assertError(server.api().get("/api/dlq/nope"), 404, "not_found"))).isEqualTo("job nope is not in the dead-letter queue");
    }

    @Test
    void shouldRemoveAnEntryOnceThen404() throws Exception {
        threeEntries();

        HttpResponse<String> removed = delete("/api/dlq/j1", null);

        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(json(removed)).isEqualTo(JSON.readTree("{\"job_id\": \"j1\", \"removed\": true}"));
        assertThat(server.api().dlq.entries).doesNotContainKey("j1");
        assertError(delete("/api/dlq/j1", null), 404, "not_found");
    }

    @Test
    void shouldRetryOneJobWith202AndWhereItResumes() throws Exception {
        threeEntries();

        HttpResponse<String> response = post("/api/dlq/j3/retry", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).contains("/api/jobs/j3");
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactly("job_id", "resumed", "resumes_from_step", "message");
        assertThat(body.get("job_id").asText()).isEqualTo("j3");
        assertThat(body.get("resumed").asBoolean()).isTrue();
        assertThat(body.get("resumes_from_step").asText()).isEqualTo("extract-text");
        assertThat(server.api().dlq.retried).containsExactly("j3");
    }

    @Test
    void shouldAnswer404WhenRetryingAJobThatIsNotQueued() throws Exception {
        assertThat(message(assertError(post("/api/dlq/nope/retry", null), 404, "not_found"))).contains("nope", "dead-letter queue");
        assertThat(server.api().dlq.retried).isEmpty();
    }

    @Test
    void shouldRetryMatchingJobsAtTheGivenRate() throws Exception {
        threeEntries();

        HttpResponse<String> response = post("/api/dlq/retry?type=" + PDF + "&rate=2.5", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response)).isEqualTo(JSON.readTree("{\"matched\": 2, \"rate\": 2.5, \"job_ids\": [\"j1\", \"j3\"]}"));
        assertThat(server.api().dlq.bulkRetries).containsExactly(new FakeDlqService.BulkRetry(Optional.of(PDF), Optional.empty(), 2.5));
    }

    @Test
    void shouldRetryBySignatureAtFivePerSecondByDefault() throws Exception {
        threeEntries();
        String signature = FakeDlqService.signature("dev.cairn.provider.ProviderException", "timeout");

        JsonNode body = json(post("/api/dlq/retry?signature=" + encode(signature), null));

        assertThat(body.get("rate").asDouble()).isEqualTo(5.0);
        assertThat(body.get("job_ids")).extracting(JsonNode::asText).containsExactly("j2");
        assertThat(server.api().dlq.bulkRetries.getLast().signature()).contains(signature);
    }

    @Test
    void shouldRefuseABulkRetryWithoutAFilterOrWithABadRate() throws Exception {
        assertThat(message(assertError(post("/api/dlq/retry", null), 400, "bad_request"))).contains("type or a signature");
        assertThat(message(assertError(post("/api/dlq/retry?type=&signature=%20", null), 400, "bad_request"))).contains("type or a signature");
        for (String rate : List.of("0", "-1", "1000.5", "fast", "NaN", "Infinity")) {
            assertThat(message(assertError(post("/api/dlq/retry?type=" + PDF + "&rate=" + rate, null), 400, "bad_request")))
                    .as(rate).contains("'rate'", "1000");
        }
        assertThat(message(assertError(post("/api/dlq/retry?type=" + PDF + "&error_class=X", null), 400, "bad_request")))
                .contains("'error_class'", "type, signature, rate");
        assertThat(server.api().dlq.bulkRetries).isEmpty();
        assertThat(post("/api/dlq/retry?type=" + PDF + "&rate=1000", null).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldCleanUpAndSayHowManyWereRemoved() throws Exception {
        server.api().dlq.cleanupRemoves = 4;

        HttpResponse<String> response = post("/api/dlq/cleanup", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(JSON.readTree("{\"removed\": 4}"));
    }

    @Test
    void shouldReportTheQueuesHealth() throws Exception {
        threeEntries();

        HttpResponse<String> response = server.api().get("/health/dlq");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(fieldNames(health)).containsExactly("status", "timestamp", "statistics", "health_indicators", "recommendations");
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.get("timestamp").asText()).isEqualTo(RunningApi.NOW.toString());
        JsonNode statistics = health.get("statistics");
        assertThat(fieldNames(statistics)).contains("total_failed_tasks", "recent_failures_24h", "failures_by_task_type",
                "failures_by_error", "oldest_failure", "newest_failure");
        assertThat(statistics.get("total_failed_tasks").asLong()).isEqualTo(3);
        assertThat(statistics.get("recent_failures_24h").asLong()).isEqualTo(2);
        assertThat(statistics.at("/failures_by_task_type/" + PDF).asLong()).isEqualTo(2);
        assertThat(statistics.get("oldest_failure").asText()).isEqualTo(RunningApi.NOW.minus(Duration.ofHours(30)).toString());
        assertThat(fieldNames(health.get("health_indicators"))).containsExactlyInAnyOrder("total_failed_tasks", "recent_failures_24h",
                "requires_attention", "critical_threshold", "warning_threshold");
        assertThat(health.get("recommendations").isArray()).isTrue();
        assertThat(health.get("recommendations")).isNotEmpty();
    }

    @Test
    void shouldAnswer503WhenRedisIsDown() throws Exception {
        server.api().dlq.failWith(FakeDlqService.redisDown("reading the dead-letter queue"));

        assertError(server.api().get("/health/dlq"), 503, "unavailable");
        assertError(server.api().get("/api/dlq"), 503, "unavailable");
        assertError(post("/api/dlq/j1/retry", null), 503, "unavailable");
    }

    @Test
    void shouldAnswer409WhenTheQueueIsDisabledButReportItsHealth() throws Exception {
        server.api().dlq.enabled = false;

        for (HttpResponse<String> response : List.of(server.api().get("/api/dlq"), server.api().get("/api/dlq/export"),
                server.api().get("/api/dlq/j1"), delete("/api/dlq/j1", null), post("/api/dlq/j1/retry", null), post("/api/dlq/retry?type=" + PDF, null),
                post("/api/dlq/cleanup", null))) {
            assertThat(message(assertError(response, 409, "dlq_disabled"))).contains("CAIRN_DLQ_ENABLED");
        }
        HttpResponse<String> health = server.api().get("/health/dlq");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asText()).isEqualTo("disabled");
    }

    @Test
    void shouldNeedTheTokenToChangeTheQueueAndToReadIt() throws Exception {
        server.start(RunningApi.settings(TOKEN, 1024 * 1024));
        threeEntries();

        assertError(delete("/api/dlq/j1", null), 401, "unauthorized");
        assertError(post("/api/dlq/j1/retry", null), 401, "unauthorized");
        assertError(post("/api/dlq/retry?type=" + PDF, null), 401, "unauthorized");
        assertError(post("/api/dlq/cleanup", null), 401, "unauthorized");
        assertError(post("/api/dlq/j1/retry", "Bearer wrong"), 401, "unauthorized");
        assertThat(server.api().dlq.entries).containsKey("j1");
        assertThat(server.api().dlq.retried).isEmpty();
        assertThat(server.api().dlq.bulkRetries).isEmpty();

        // the entries hold payloads, provider excerpts and stack traces: reading them needs the token too
        assertError(server.api().get("/api/dlq"), 401, "unauthorized");
        assertError(server.api().get("/api/dlq/j1"), 401, "unauthorized");
        assertError(server.api().get("/api/dlq/export"), 401, "unauthorized");
        assertError(server.api().get("/health/dlq"), 401, "unauthorized");

        String bearer = "Bearer " + TOKEN;
        assertThat(server.api().send(server.api().request("/api/dlq/export").header("Authorization", bearer).GET().build()).statusCode())
                .isEqualTo(200);
        assertThat(delete("/api/dlq/j1", bearer).statusCode()).isEqualTo(200);
        assertThat(post("/api/dlq/j3/retry", bearer).statusCode()).isEqualTo(202);
        assertThat(post("/api/dlq/retry?type=" + CHAPTER, bearer).statusCode()).isEqualTo(202);
        assertThat(post("/api/dlq/cleanup", bearer).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String authorization) {
        HttpRequest.Builder request = server.api().request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) request.header("Authorization", authorization);
        return server.api().send(request.build());
    }

    private HttpResponse<String> delete(String path, String authorization) {
        HttpRequest.Builder request = server.api().request(path).DELETE();
        if (authorization != null) request.header("Authorization", authorization);
        return server.api().send(request.build());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("entries").forEach(e -> ids.add(e.get("job_id").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
