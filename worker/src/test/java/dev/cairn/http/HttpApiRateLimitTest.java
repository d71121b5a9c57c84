package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.ApiKeysFile;
import dev.cairn.config.ApiLimitSettings;
import dev.cairn.config.ApiTier;
import dev.cairn.config.HttpSettings;
import dev.cairn.config.ProviderSettings.RateLimit;
import dev.cairn.ratelimit.ProducerLimits;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #16 part 1: producers' rate limits by tier, on the test Redis (buckets under a prefix of the test's own):
 * headers on every {@code /api/**} answer, 429 with {@code Retry-After}, keys from the keys file, job budgets for
 * single and batch enqueues, buckets shared by two APIs, probes never limited.
 */
class HttpApiRateLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "admin-s3cret";
    private static final String JOB = "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"t\"}}";

    @TempDir
    Path dir;
    private final String prefix = TestRedis.uniquePrefix();
    private final List<RunningApi> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(RunningApi::close);
    }

    @Test
    void shouldCarryTheTiersFiguresOnEveryApiAnswerAndRefuseWith429PastIt() throws Exception {
        RunningApi api = start(limits(Optional.empty(), rate(3), rate(1000), rate(1000)), null);

        List<HttpResponse<String>> answers = IntStream.range(0, 4).mapToObj(i -> api.get("/api/jobs/nope")).toList();

        assertThat(answers.subList(0, 3)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
            assertThat(r.headers().firstValue("X-RateLimit-Reset")).isPresent();
        });
        assertThat(answers.stream().map(r -> r.headers().firstValue("X-RateLimit-Remaining").orElseThrow()).toList())
                .containsExactly("2", "1", "0", "0");
        HttpResponse<String> refused = answers.get(3);
        assertError(refused, 429, "rate_limited");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(message(refused)).contains("anonymous").contains("3/min").contains("cairn keys add");
        assertThat(counted(api, "anonymous")).isEqualTo(1);
    }

    @Test
    void shouldNeverLimitProbesMetricsOrTheOpenApiDocument() throws Exception {
        RunningApi api = start(limits(Optional.empty(), rate(1), rate(1000), rate(1000)), null);
        api.get("/api/jobs/nope");

        for (String path : List.of("/health", "/health/live", "/health/ready", "/metrics", "/openapi.json")) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> answer = api.get(path);
                assertThat(answer.statusCode()).as(path).isLessThan(400);
                assertThat(answer.headers().firstValue("X-RateLimit-Limit")).as(path).isEmpty();
            }
        }
        assertError(api.get("/api/jobs/nope"), 429, "rate_limited");
    }

    @Test
    void shouldGiveAKeyTheLimitOfItsTierAndCountItApartFromAnonymous() throws Exception {
        Path keys = dir.resolve("keys");
        String producer = ApiKeysFile.newKey();
        ApiKeysFile.append(keys, "billing", ApiTier.API_KEY, producer);
        RunningApi api = start(limits(Optional.of(keys), rate(1), rate(1000), rate(5)), null);

        assertThat(api.get("/api/jobs/nope").statusCode()).isEqualTo(404);
        assertError(api.get("/api/jobs/nope"), 429, "rate_limited");
        List<Integer> withKey = IntStream.range(0, 6).mapToObj(i -> get(api, "/api/jobs/nope", producer).statusCode()).toList();

        assertThat(withKey).containsExactly(404, 404, 404, 404, 404, 429);
        assertThat(get(api, "/api/jobs/nope", producer).headers().firstValue("X-RateLimit-Limit")).hasValue("5");
        assertThat(message(get(api, "/api/jobs/nope", producer))).contains("key 'billing' (tier api_key)");
        assertThat(counted(api, "api_key")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldNotLimitTheAdminTokenAndSayUnlimitedInTheHeaders() throws Exception {
        RunningApi api = start(limits(Optional.empty(), rate(1), rate(1), rate(1)), TOKEN);

        List<HttpResponse<String>> answers = IntStream.range(0, 5).mapToObj(i -> get(api, "/api/jobs/nope", TOKEN)).toList();

        assertThat(answers).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("2147483647");
            assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("2147483647");
            assertThat(r.headers().firstValue("X-RateLimit-Reset")).hasValue("0");
        });
    }

    @Test
    void shouldLimitACallerGuessingTokensAsAnonymous() throws Exception {
        RunningApi api = start(limits(Optional.empty(), rate(2), rate(1000), rate(1000)), TOKEN);

        List<Integer> statuses = IntStream.range(0, 3).mapToObj(i -> get(api, "/api/dlq", "guess-" + i).statusCode()).toList();

        assertThat(statuses).containsExactly(401, 401, 429);
    }

    @Test
    void shouldRefuseABearerTokenThatIsNoKeyAndAnApiKeyOnOperatorRoutes() throws Exception {
        Path keys = dir.resolve("keys");
        String producer = ApiKeysFile.newKey();
        ApiKeysFile.append(keys, "ingest", ApiTier.PREMIUM, producer);
        RunningApi open = start(limits(Optional.of(keys), rate(100), rate(100), rate(100)), null);
        RunningApi guarded = start(limits(Optional.of(keys), rate(100), rate(100), rate(100)), TOKEN);

        assertError(get(open, "/api/jobs/nope", producer + "x"), 401, "unauthorized");
        assertThat(open.get("/api/jobs/nope").statusCode()).as("no key: anonymous, open API").isEqualTo(404);
        assertThat(get(guarded, "/api/jobs/nope", producer).statusCode()).isEqualTo(404);
        HttpResponse<String> dlq = get(guarded, "/api/dlq", producer);
        assertError(dlq, 403, "forbidden");
        assertThat(message(dlq)).contains("key 'ingest' (tier premium)").contains("CAIRN_API_TOKEN or an admin key");
        assertThat(get(guarded, "/api/dlq", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldReadAKeyAppendedToTheFileWithoutARestart() throws Exception {
        Path keys = dir.resolve("keys");
        ApiKeysFile.append(keys, "first", ApiTier.API_KEY, ApiKeysFile.newKey());
        RunningApi api = start(limits(Optional.of(keys), rate(1000), rate(1000), rate(1000)), TOKEN);
        String later = ApiKeysFile.newKey();
        assertError(get(api, "/api/jobs/nope", later), 401, "unauthorized");

        ApiKeysFile.append(keys, "later", ApiTier.API_KEY, later);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(api, "/api/jobs/nope", later).statusCode()).isEqualTo(404));
    }

    @Test
    void shouldShareBucketsBetweenWorkersOnOneRedis() throws Exception {
        ApiLimitSettings settings = limits(Optional.empty(), rate(4), rate(1000), rate(1000));
        RunningApi one = start(settings, null);
        RunningApi two = start(settings, null);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(one.get("/api/jobs/nope").statusCode());
            statuses.add(two.get("/api/jobs/nope").statusCode());
        }

        assertThat(statuses).containsExactly(404, 404, 404, 404, 429, 429);
    }

    @Test
    void shouldTakeEachEnqueuedJobFromTheBudget() throws Exception {
        RunningApi api = start(limits(Optional.empty(), rate(1000), rate(2), rate(1000)), null);

        assertThat(api.postJson("/api/jobs", "not json").statusCode()).as("a refused body costs no budget").isEqualTo(400);
        assertThat(api.postJson("/api/jobs", JOB).statusCode()).isEqualTo(202);
        assertThat(api.postJson("/api/jobs", JOB).statusCode()).isEqualTo(202);
        HttpResponse<String> third = api.postJson("/api/jobs", JOB);

        assertError(third, 429, "rate_limited");
        assertThat(message(third)).contains("job budget").contains("2/min");
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(api.jobs.submissions).hasSize(2);
    }

    @Test
    void shouldAnswerBatchLinesOverTheBudgetRateLimitedAndStoreTheRest() throws Exception {
        RunningApi api = start(limits(Optional.empty(), rate(1000), rate(3), rate(1000)), null);
        String body = String.join("\n", JOB, "not json", JOB, JOB, JOB, JOB);

        HttpResponse<String> response = batch(api, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) if (!line.isBlank()) lines.add(JSON.readTree(line));
        assertThat(lines).extracting(l -> l.path("error").asText(null))
                .containsExactly(null, "invalid_json", null, null, "rate_limited", "rate_limited");
        assertThat(lines.get(4).path("retry_after_s").asLong()).isBetween(1L, 60L);
        assertThat(lines.get(5).path("message").asText()).contains("line 6").contains("job budget").contains("send this line again");
        assertThat(api.jobs.submissions).hasSize(3);
        assertThat(counted(api, "anonymous")).isEqualTo(1);

        HttpResponse<String> next = batch(api, String.join("\n", JOB, JOB));
        assertError(next, 429, "rate_limited");
        assertThat(next.headers().firstValue("Retry-After")).isPresent();
        assertThat(api.jobs.submissions).as("a batch the budget grants nothing stores nothing").hasSize(3);
    }

    private HttpResponse<String> batch(RunningApi api, String body) {
        return api.send(api.request("/api/jobs/batch").header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> get(RunningApi api, String path, String bearer) {
        return api.send(api.request(path).header("Authorization", "Bearer " + bearer).GET().build());
    }

    private static String message(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("message").asText();
    }

    private static double counted(RunningApi api, String tier) {
        return api.registry.get("cairn.api.requests.limited").tag("tier", tier).counter().count();
    }

    private RunningApi start(ApiLimitSettings settings, String token) {
        HttpSettings http = RunningApi.settings(token, 1024 * 1024);
        ProducerLimits limits = ProducerLimits.of(settings, TestRedis.client(), RedisKeys.withPrefix(prefix), null);
        RunningApi api = new RunningApi(dir.resolve("input"), http, limits);
        started.add(api);
        return api;
    }

    private static Optional<RateLimit> rate(long perMinute) {
        return Optional.of(new RateLimit(perMinute, Duration.ofMinutes(1)));
    }

    /** Anonymous: {@code anonymous} requests and {@code anonymousJobs} jobs; api_key: {@code keyed} of both; premium and admin unlimited unless set. */
    private static ApiLimitSettings limits(Optional<Path> keys, Optional<RateLimit> anonymous, Optional<RateLimit> anonymousJobs, Optional<RateLimit> keyed) {
        return new ApiLimitSettings(keys, Map.of(
                ApiTier.ANONYMOUS, new ApiLimitSettings.TierLimits(anonymous, anonymousJobs),
                ApiTier.API_KEY, new ApiLimitSettings.TierLimits(keyed, keyed)));
    }
}
