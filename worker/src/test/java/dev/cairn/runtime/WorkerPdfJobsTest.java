package dev.cairn.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.StepView;
import dev.cairn.api.client.CairnClient;
import dev.cairn.api.client.CairnClientException;
import dev.cairn.config.CairnConfig;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pdf-processing pipeline in a real worker, driven through the HTTP API as a producer would:
 * good documents succeed with the documented outputs, bad ones fail at once with a readable reason
 * and spend no retry, and bad requests get 4xx JSON errors.
 */
class WorkerPdfJobsTest {

    @TempDir
    static Path tmp;
    private static Worker worker;
    private static CairnClient client;
    private static URI base;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        java.util.Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.put("CAIRN_PDF_MAX_PAGES", "100");
        worker = Worker.start(CairnConfig.fromEnv(env));
        base = URI.create("http://127.0.0.1:" + worker.httpPort());
        client = CairnClient.create(base, null);
    }

    @AfterAll
    static void stop() {
        if (worker != null) worker.close();
    }

    private static String enqueue(Function<Path, Path> pdf, String name) {
        Path file = pdf.apply(tmp.resolve(name));
        return client.enqueue(JobSubmission.pdf(client.uploadFile(file), false));
    }

    /**
     * Puts a file straight into the worker's input dir, as a shared volume would (POST /api/files refuses bad
     * PDFs at the door), and enqueues it: the pipeline must refuse it as well.
     */
    private static String enqueueUnchecked(Function<Path, Path> pdf, String name) throws Exception {
        Path inputDir = Files.createDirectories(tmp.resolve("data/input"));
        Path file = pdf.apply(inputDir.resolve(name));
        return client.enqueue(JobSubmission.pdf(file.getFileName().toString(), false));
    }

    private static JobView awaitFinished(String id) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.job(id).state(), s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
        return client.job(id);
    }

    @Test
    void shouldProcessPdfsAndFailBadOnesPermanentlyWithAReadableReason() throws Exception {
        String outline = enqueue(f -> TestPdfs.withOutline(f, 5, 7), "outline.pdf");
        String headings = enqueue(f -> TestPdfs.withHeadings(f, 4, 3), "headings.pdf");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("encrypted", enqueueUnchecked(TestPdfs::encrypted, "encrypted.pdf"));
        bad.put("truncated", enqueueUnchecked(TestPdfs::truncated, "truncated.pdf"));
        bad.put("not a PDF", enqueueUnchecked(TestPdfs::notAPdf, "notes.pdf"));
        bad.put("no pages", enqueueUnchecked(TestPdfs::zeroPages, "blank.pdf"));
        bad.put("over the page limit", enqueueUnchecked(f -> TestPdfs.plain(f, 101), "long.pdf"));

        JobView done = awaitFinished(outline);
        assertThat(done.state()).isEqualTo("SUCCEEDED");
        assertThat(done.checkpoint().steps()).extracting(StepView::name)
                .containsExactly("inspect", "extract-text", "split-chapters", "summarize", "write-result");
        assertThat(done.checkpoint().step("summarize").status()).isEqualTo(StepView.SKIPPED);
        Path out = Path.of(done.result().get("output_dir").toString());
        JsonNode document = JSON.readTree(out.resolve("document.json").toFile());
        assertThat(document.get("pages").asInt()).isEqualTo(35);
        assertThat(document.get("chapters")).hasSize(5);
        assertThat(document.get("chapters").get(1).get("title").asText()).isEqualTo(TestPdfs.chapterTitle(2));
        assertThat(document.get("chapters").get(1).get("first_page").asInt()).isEqualTo(8);
        assertThat(document.get("chapters").get(1).get("last_page").asInt()).isEqualTo(14);
        assertThat(out.resolve("text/page-0035.txt")).exists();
        try (var chapters = Files.list(out.resolve("chapters"))) {
            assertThat(chapters.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(5).first().asString().startsWith("01-");
        }

        // #18 part 3: the job list names the input file
        JsonNode listed = JSON.readTree(client.jobsList(java.util.Map.of("state", "SUCCEEDED", "type", "pdf-processing")));
        assertThat(listed.path("jobs").findValuesAsText("file")).anyMatch(f -> f.endsWith("outline.pdf"));
                JsonNode headed = JSON.readTree(Path.of(awaitFinished(headings).result().get("output_dir").toString()).resolve("document.json").toFile());
        assertThat(headed.get("chapters")).hasSize(4);

        bad.forEach((kind, id) -> {
            JobView failed = awaitFinished(id);
            assertThat(failed.state()).as(kind).isEqualTo("FAILED");
            assertThat(failed.attempts()).as("%s: a permanent error spends no retry", kind).isEqualTo(1);
            assertThat(failed.error().message()).as(kind).isNotBlank().doesNotContain("Exception");
            // #18 part 3: the step table says where it failed and why, not "inspect running"
            assertThat(failed.checkpoint().step("inspect").status()).as(kind).isEqualTo(StepView.FAILED);
            assertThat(failed.checkpoint().step("inspect").error()).as(kind).isEqualTo(failed.error().message());
        });
        assertThat(client.job(bad.get("encrypted")).error().message()).containsIgnoringCase("encrypted");
        assertThat(client.job(bad.get("not a PDF")).error().message()).containsIgnoringCase("not a PDF");
        assertThat(client.job(bad.get("over the page limit")).error().message()).contains("CAIRN_PDF_MAX_PAGES");
    }

    @Test
    void shouldRefusePayloadsNamingFilesOutsideTheInputDirOrMissing() throws Exception {
        for (String file : new String[]{"../../etc/passwd", "/etc/passwd", "missing.pdf"}) {
            HttpResponse<String> response = post("/api/jobs", "{\"type\":\"pdf-processing\",\"payload\":{\"file\":\"" + file + "\"}}");
            assertThat(response.statusCode()).as(file).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_payload");
        }
        assertThatThrownBy(() -> client.enqueue(new JobSubmission("pdf-processing", Map.of("file", 42), null)))
                .isInstanceOfSatisfying(CairnClientException.class, e -> assertThat(e.status()).isEqualTo(400));
        HttpResponse<String> unknown = post("/api/jobs", "{\"type\":\"video-transcoding\",\"payload\":{}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("message").asText()).contains("pdf-processing");
        assertThat(post("/api/jobs", "{not json").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> client.jobJson("does-not-exist"))
                .isInstanceOfSatisfying(CairnClientException.class, e -> assertThat(e.error()).isEqualTo("not_found"));
    }

    @Test
    void shouldExportCairnMetricsAfterJobsRan() throws Exception {
        awaitFinished(enqueue(f -> TestPdfs.plain(f, 3), "metrics.pdf"));
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("cairn_jobs_started_total", "cairn_job_duration_seconds", "cairn_steps_total",
                "cairn_step_duration_seconds", "cairn_checkpoint_writes_total", "cairn_checkpoint_write_seconds", "jvm_memory_used_bytes");
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
