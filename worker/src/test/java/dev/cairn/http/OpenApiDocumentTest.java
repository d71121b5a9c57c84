package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CheckpointView;
import dev.cairn.api.JobView;
import dev.cairn.api.StepView;
import dev.cairn.config.HttpSettings;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16: {@code GET /openapi.json} describes the API the server really has. The routes Javalin registered and
 * the operations the document lists must be the same (method and path template); the document must parse as
 * OpenAPI 3.1 without a message; real answers must have the documented shapes.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @RegisterExtension
    static final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    private static HttpResponse<String> served;
    private static OpenAPI document;

    @BeforeAll
    static void fetchAndParseTheDocument() {
        served = server.api().get("/openapi.json");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served.body(), null, options);
        assertThat(result.getMessages()).as("the parser's messages about GET /openapi.json").isEmpty();
        document = result.getOpenAPI();
    }

    @Test
    void shouldServeAnOpenApi31DocumentWithTheWorkersVersion() throws Exception {
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(served.body());
        assertThat(body.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(body.path("info").path("version").asText()).isEqualTo("1.2.3-test");
        assertThat(document.getSpecVersion()).isEqualTo(SpecVersion.V31);
    }

    @Test
    void shouldResolveEveryReferenceWithoutAMessage() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(served.body(), null, options);

        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void shouldDocumentEveryRouteTheServerRegisters() {
        Set<String> registered = registered();
        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(documented());

        assertThat(registered).as("the routes the server registered")
                .contains("GET /api/jobs/{id}", "GET /health/redis", "GET /openapi.json");
        assertThat(missing).as("routes the server registers that GET /openapi.json does not list").isEmpty();
    }

    @Test
    void shouldListNoRouteTheServerDoesNotHave() {
        Set<String> invented = new TreeSet<>(documented());
        invented.removeAll(registered());

        assertThat(invented).as("routes GET /openapi.json lists that the server does not register").isEmpty();
    }

    @Test
    void shouldDeclareEveryRequiredProperty() throws Exception {
        // why: the parser silently drops a required name its schema does not declare, so the shape checks below would not see it
        List<String> undeclared = new ArrayList<>();
        collectUndeclaredRequired(JSON.readTree(served.body()), "", undeclared);

        assertThat(undeclared).as("required properties missing from their schema's properties").isEmpty();
    }

    @Test
    void shouldLeaveBeforeAndAfterHandlersOutOfTheRoutes() {
        // HttpApi registers before-handlers (browser checks, tokens) for every path: they are not routes
        assertThat(server.api().api.routes()).extracting(HttpApi.Route::method)
                .isNotEmpty()
                .allSatisfy(method -> assertThat(method).isIn("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"));
    }

    @Test
    void shouldAskForATokenWhereTheServerDoes() {
        // HttpApi checks the token on /api/* and /health/dlq; a call that changes state takes CAIRN_API_TOKEN only
        forEachOperation((route, operation) -> {
            String path = route.substring(route.indexOf(' ') + 1);
            boolean guarded = path.startsWith("/api/") || path.equals("/health/dlq");
            List<String> schemes = operation.getSecurity() == null ? List.of()
                    : operation.getSecurity().stream().flatMap(requirement -> requirement.keySet().stream()).toList();
            // producers' calls also take a key of CAIRN_API_KEYS_FILE (BearerAuth.producerCall)
            // (listing every producer's jobs, GET /api/jobs, is the operators')
            boolean producer = route.equals("POST /api/jobs") || path.startsWith("/api/jobs/") || path.equals("/api/files");
            List<String> keys = producer ? List.of("apiKey") : List.of();
            if (!guarded) {
                assertThat(schemes).as(route + " is open").isEmpty();
            } else if (STATE_CHANGING.contains(route.substring(0, route.indexOf(' ')))) {
                assertThat(schemes).as(route + " changes state").containsExactlyElementsOf(concat(List.of("apiToken"), keys));
                assertThat(operation.getResponses()).as(route).containsKeys("401", "403", "415", "421");
            } else {
                assertThat(schemes).as(route + " reads").containsExactlyInAnyOrderElementsOf(concat(List.of("apiToken", "readToken"), keys));
                assertThat(operation.getResponses()).as(route).containsKeys("401", "421");
            }
            // every /api/** call is rate-limited by its caller's tier (ProducerGate)
            if (path.startsWith("/api/")) assertThat(operation.getResponses()).as(route).containsKey("429");
        });
    }

    @Test
    void shouldAnswerPostJobsAsDocumented() throws Exception {
        HttpResponse<String> response = server.api().postJson("/api/jobs",
                "{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"a.pdf\"}}");

        assertMatchesDocument("POST", "/api/jobs", response);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).isPresent();
    }

    @Test
    void shouldAnswerGetJobAsDocumented() throws Exception {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        CheckpointView checkpoint = new CheckpointView("extract-text", 42.5, 1, at, List.of(
                new StepView("inspect", StepView.COMPLETED, 1, null, at),
                new StepView("extract-text", StepView.RUNNING, 2, "57", null),
                new StepView("chapters", StepView.PENDING, 0, null, null)));
        server.api().jobs.jobs.put("running",
                new JobView("running", "pdf-processing", "PROCESSING", 2, at, at, checkpoint, null, null));
        server.api().jobs.jobs.put("done", new JobView("done", "pdf-processing", "SUCCEEDED", 1, at, at,
                new CheckpointView(null, 100, 0, at, List.of(new StepView("inspect", StepView.COMPLETED, 1, null, at))),
                Map.of("output_dir", "/data/output/done"), null));
        server.api().jobs.jobs.put("failed", new JobView("failed", "chapter-generation", "FAILED", 3, at, at, null, null,
                new JobView.ErrorView("dev.cairn.api.CairnException", "the provider refused")));

        for (String id : List.of("running", "done", "failed")) {
            HttpResponse<String> response = server.api().get("/api/jobs/" + id);
            assertThat(response.statusCode()).as(id).isEqualTo(200);
            assertMatchesDocument("GET", "/api/jobs/{id}", response);
        }
    }

    @Test
    void shouldAnswerErrorsAsDocumented() throws Exception {
        HttpResponse<String> unknownJob = server.api().get("/api/jobs/no-such-job");
        HttpResponse<String> notJson = server.api().postJson("/api/jobs", "{\"type\": ");
        HttpResponse<String> notInDlq = server.api().get("/api/dlq/no-such-job");

        assertThat(unknownJob.statusCode()).isEqualTo(404);
        assertMatchesDocument("GET", "/api/jobs/{id}", unknownJob);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertMatchesDocument("POST", "/api/jobs", notJson);
        assertThat(notInDlq.statusCode()).isEqualTo(404);
        assertMatchesDocument("GET", "/api/dlq/{job_id}", notInDlq);
    }

    @Test
    void shouldAnswerTheReadsAsDocumented() throws Exception {
        server.api().dlq.add("dead-1", "pdf-processing", "dev.cairn.pdf.BadPdfException", "not a PDF",
                Instant.parse("2026-01-02T03:04:05Z"));
        Map<String, String> reads = Map.of(
                "/health", "/health", "/health/live", "/health/live", "/health/ready", "/health/ready",
                "/health/startup", "/health/startup", "/health/redis", "/health/redis",
                "/health/circuit-breakers", "/health/circuit-breakers", "/health/dlq", "/health/dlq",
                "/api/circuit-breakers", "/api/circuit-breakers", "/api/dlq", "/api/dlq", "/api/dlq/dead-1", "/api/dlq/{job_id}");

        for (Map.Entry<String, String> read : reads.entrySet()) {
            HttpResponse<String> response = server.api().get(read.getKey());
            assertThat(response.statusCode()).as(read.getKey()).isEqualTo(200);
            assertMatchesDocument("GET", read.getValue(), response);
        }
    }

    /** Asserts that the answer's status is documented for the operation and its JSON body has that status's schema. */
    private static void assertMatchesDocument(String method, String path, HttpResponse<String> response) throws Exception {
        Operation operation = operation(method, path);
        String status = String.valueOf(response.statusCode());
        assertThat(operation.getResponses()).as(method + " " + path + " documents the status it answered").containsKey(status);
        ApiResponse documented = resolve(operation.getResponses().get(status));
        MediaType json = documented.getContent() == null ? null : documented.getContent().get("application/json");
        assertThat(json).as(method + " " + path + " " + status + " has a JSON body").isNotNull();
        Schema<?> schema = json.getSchema();
        JsonNode body = JSON.readTree(response.body());

        assertThat(new SchemaCheck(document).problems(body, schema))
                .as(method + " " + path + " " + status + " answered " + response.body())
                .isEmpty();
    }

    private static ApiResponse resolve(ApiResponse response) {
        if (response.get$ref() == null) return response;
        String name = response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1);
        return document.getComponents().getResponses().get(name);
    }

    private static Operation operation(String method, String path) {
        PathItem item = document.getPaths().get(path);
        assertThat(item).as("the document lists " + path).isNotNull();
        Operation operation = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
        assertThat(operation).as("the document lists " + method + " " + path).isNotNull();
        return operation;
    }

    private static void collectUndeclaredRequired(JsonNode node, String at, List<String> undeclared) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) collectUndeclaredRequired(node.get(i), at + "/" + i, undeclared);
            return;
        }
        if (!node.isObject()) return;
        if (node.path("required").isArray()) {
            for (JsonNode name : node.get("required")) {
                if (!node.path("properties").has(name.asText())) undeclared.add(at + ": " + name.asText());
            }
        }
        node.fields().forEachRemaining(field -> collectUndeclaredRequired(field.getValue(), at + "/" + field.getKey(), undeclared));
    }

    private static Set<String> registered() {
        Set<String> routes = new TreeSet<>();
        server.api().api.routes().forEach(route -> routes.add(route.method() + " " + route.path()));
        return routes;
    }

    private static Set<String> documented() {
        Set<String> routes = new TreeSet<>();
        forEachOperation((route, operation) -> routes.add(route));
        return routes;
    }

    private static void forEachOperation(BiConsumer<String, Operation> action) {
        document.getPaths().forEach((path, item) ->
                item.readOperationsMap().forEach((method, operation) -> action.accept(method.name() + " " + path, operation)));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
