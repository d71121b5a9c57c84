package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.BatchSettings;
import dev.cairn.testing.TestPdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #17: {@code GET /api/jobs} and {@code GET /api/overview} on JobRunr's real storage: the type filter, the
 * payload's file, paging across the merged states, and JobRunr's counts by state.
 */
class HttpApiJobListStorageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @RegisterExtension
    final ApiServerExtension<BatchSettings, StorageBackedApi> server = ApiServerExtension.storageBacked(BatchSettings.DEFAULTS);

    @Test
    void shouldListStoredJobsByTypeWithTheirFileAndPageThroughThem() throws Exception {
        TestPdfs.withOutline(server.api().inputDir.resolve("report.pdf"), 1, 1);
        List<String> chapters = new ArrayList<>();
        for (int i = 0; i < 3; i++) chapters.add(submit("{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"t" + i + "\"}}"));
        String pdf = submit("{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"report.pdf\"}}");

        JsonNode pdfs = get("/api/jobs?type=pdf-processing");
        JsonNode firstPage = get("/api/jobs?state=enqueued&type=chapter-generation&limit=2");
        JsonNode secondPage = get("/api/jobs?state=ENQUEUED&type=chapter-generation&limit=2&cursor=" + firstPage.get("next_cursor").asText());
        JsonNode overview = get("/api/overview");

        assertThat(pdfs.get("jobs")).hasSize(1);
        assertThat(pdfs.at("/jobs/0/job_id").asText()).isEqualTo(pdf);
        assertThat(pdfs.at("/jobs/0/file").asText()).isEqualTo("report.pdf");
        assertThat(pdfs.at("/jobs/0/state").asText()).isEqualTo("ENQUEUED");
        List<String> listed = new ArrayList<>(firstPage.get("jobs").findValuesAsText("job_id"));
        listed.addAll(secondPage.get("jobs").findValuesAsText("job_id"));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(chapters);
        assertThat(secondPage.get("next_cursor").isNull()).isTrue();
        assertThat(overview.at("/jobs/by_state/ENQUEUED").asLong()).isEqualTo(4);
        assertThat(overview.at("/jobs/by_type/ENQUEUED/chapter-generation").asLong()).isEqualTo(3);
        assertThat(overview.at("/jobs/by_type/ENQUEUED/pdf-processing").asLong()).isEqualTo(1);
    }

    private String submit(String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.api().baseUrl() + "/api/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("job_id").asText();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.api().baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
