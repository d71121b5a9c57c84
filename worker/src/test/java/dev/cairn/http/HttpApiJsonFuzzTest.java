package dev.cairn.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.BatchSettings;
import dev.cairn.testing.TestPdfs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile JSON for the HTTP API: mutated, garbage, deeply nested, huge and odd-typed bodies posted to
 * {@code POST /api/jobs} (and, with bodies they do not expect, to the other {@code POST /api/**} calls)
 * of a running API whose job service is the real one (real pipelines validating payloads, JobRunr's
 * storage and serialisation in memory). Every answer must be a 2xx, or a 4xx with a JSON
 * {@code {"error", "message"}} body; never a 5xx, never a hang.
 *
 * <p>Reproducible like {@code PdfFuzzTest}: case {@code i} uses {@code new Random(seed + i)};
 * {@code -Dcairn.fuzz.cases=N} and {@code -Dcairn.fuzz.seed=N} choose the series.
 */
class HttpApiJsonFuzzTest {

    private static final int CASES = 2 * Integer.getInteger("cairn.fuzz.cases", 200);
    private static final long SEED = Long.getLong("cairn.fuzz.seed", 20_261_123L);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SEEDS = List.of(
            "{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"report.pdf\", \"summarize\": false}, \"idempotency_key\": \"report-1\"}",
            "{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"report.pdf\"}}",
            "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"Rust ownership\", \"sections\": 3}}",
            "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"Tides\", \"sections\": 2, \"source_job\": \"job-1\"}, \"idempotency_key\": \"c\"}");
    private static final List<String> OTHER_POSTS = List.of("/api/dlq/job-1/retry", "/api/dlq/retry?type=pdf-processing",
            "/api/dlq/cleanup", "/api/circuit-breakers/offline/reset", "/api/circuit-breakers/nope/force-open");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/problem+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=utf-16", ";;;", "");

    /** One API for the whole class: the real job service on JobRunr's storage (see {@link StorageBackedApi}). */
    @RegisterExtension
    static final ApiServerExtension<BatchSettings, StorageBackedApi> SERVER = ApiServerExtension.storageBacked(BatchSettings.DEFAULTS);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();

    @BeforeAll
    static void addTheSeedsPdf() throws Exception {
        TestPdfs.plain(SERVER.api().inputDir.resolve("report.pdf"), 1);
    }

    @ParameterizedTest(name = "{0} nested {1} levels")
    @CsvSource({"arrays, 500", "objects, 835", "arrays, 33"})
    void shouldRefuseAPayloadNestedTooDeepForJobStorageWith400(String kind, int depth) throws Exception {
        // JobRunr could not store these: the API answered 503 "job storage is unavailable" (a client would
        // retry forever) or, for the objects, a stack overflow and an empty 500
        HttpResponse<String> response = post("/api/jobs", "application/json", withExtra(nested(kind, depth - 1)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("invalid_payload");
        assertThat(JSON.readTree(response.body()).path("message").asText())
                .isEqualTo("field 'payload' nests objects and arrays more than 32 levels deep");
    }

    @Test
    void shouldStoreAPayloadNestedAsDeepAsAllowed() throws Exception {
        assertThat(post("/api/jobs", "application/json", withExtra(nested("objects", 31))).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAcceptTheUnmutatedSubmissions() throws Exception {
        assertThat(post("/api/jobs", "application/json", SEEDS.get(0).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
        assertThat(post("/api/jobs", "application/json", SEEDS.get(2).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAnswerEveryHostileBodyWithA2xxOrA4xxJsonErrorNeverA5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            Random random = new Random(seed);
            JsonMutations.Body body = JsonMutations.next(SEEDS, random);
            boolean jobs = random.nextInt(10) < 8;
            String path = jobs ? "/api/jobs" : OTHER_POSTS.get(random.nextInt(OTHER_POSTS.size()));
            String type = random.nextInt(10) < 8 ? "application/json" : CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));

            String problem;
            try {
                problem = problem(post(path, type, body.bytes()));
                if (jobs && problem == null) accepted += 1;
            } catch (Exception e) {
                problem = "no answer within " + ANSWER_WITHIN.toSeconds() + " s: " + e;
            }
            if (problem != null && !problem.startsWith("ok") && failures.size() < 10) {
                failures.add("seed " + seed + ": POST " + path + " (" + type + ", " + body.description() + "): " + problem);
            }
        }
        assertThat(failures).as("answers that were not a 2xx or a 4xx JSON error (replay with -Dcairn.fuzz.seed=<seed> -Dcairn.fuzz.cases=1)")
                .isEmpty();
        assertThat(accepted).as("submissions that survived their mutation").isPositive();
    }

    /** @return {@code null} for a well-formed 2xx, "ok …" for a well-formed 4xx, else what is wrong */
    private static String problem(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) return null;
        if (status < 400 || status >= 500) return "status " + status + ": " + abbreviate(response.body());
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            return "status " + status + " without a JSON body: " + abbreviate(response.body());
        }
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error == null || !error.path("error").isTextual() || error.path("message").asText("").isBlank()) {
                return "status " + status + " without {\"error\", \"message\"}: " + abbreviate(response.body());
            }
            return "ok " + status;
        } catch (Exception e) {
            return "status " + status + " with a body that is not JSON: " + abbreviate(response.body());
        }
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + path))
                .timeout(ANSWER_WITHIN).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) request.header("Content-Type", contentType);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    // A pdf-processing submission whose payload has an extra field holding `value`.
    private static byte[] withExtra(String value) {
        return ("{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"report.pdf\", \"extra\": " + value + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String nested(String kind, int depth) {
        return kind.equals("arrays") ? "[".repeat(depth) + "1" + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
