package dev.cairn.cli;

import dev.cairn.api.JobSubmission;
import dev.cairn.config.HttpSettings;
import dev.cairn.http.ApiServerExtension;
import dev.cairn.http.RunningApi;
import dev.cairn.pipeline.UnknownJobTypeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnqueueCommandTest {

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();
    private Path pdf;

    @BeforeEach
    void writeAPdf() throws Exception {
        pdf = Files.write(server.dir().resolve("My Report.pdf"), dev.cairn.testing.TestPdfs.plainBytes(1));
    }

    @Test
    void shouldUploadThePdfEnqueueItAndPrintTheJobId() throws Exception {
        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "pdf", pdf.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("job-1" + System.lineSeparator());
        JobSubmission submission = server.api().jobs.submissions.getFirst();
        assertThat(submission.type()).isEqualTo("pdf-processing");
        assertThat(submission.payload()).containsEntry("summarize", false);
        String file = (String) submission.payload().get("file");
        assertThat(file).endsWith("-My_Report.pdf");
        assertThat(Files.readAllBytes(server.api().inputDir.resolve(file))).isEqualTo(Files.readAllBytes(pdf));
    }

    @Test
    void shouldPassSummarizeAndTheIdempotencyKeyAndPrintJson() {
        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "pdf", pdf.toString(), "--summarize", "--idempotency-key", "k-1", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("{\"job_id\":\"job-1\"}");
        assertThat(server.api().jobs.submissions.getFirst().payload()).containsEntry("summarize", true);
        assertThat(server.api().jobs.submissions.getFirst().idempotencyKey()).isEqualTo("k-1");
    }

    @Test
    void shouldFailWithOneLineNamingAMissingFile() {
        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "pdf", server.dir().resolve("nope.pdf").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorLine()).startsWith("cairn: ").contains("nope.pdf");
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldEnqueueAChapter() {
        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "chapter", "--topic", "Rivers of Europe", "--sections", "3", "--source-job", "job-0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("job-1");
        assertThat(server.api().jobs.submissions.getFirst().type()).isEqualTo("chapter-generation");
        assertThat(server.api().jobs.submissions.getFirst().payload())
                .containsEntry("topic", "Rivers of Europe").containsEntry("sections", 3).containsEntry("source_job", "job-0");
    }

    @Test
    void shouldPassTheIdempotencyKeyOfAChapter() {
        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "chapter", "--topic", "Dunes", "--idempotency-key", "chapter-7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.api().jobs.submissions.getFirst().idempotencyKey()).as("it was dropped before").isEqualTo("chapter-7");
    }

    @Test
    void shouldWaitForASucceededJobAndPrintWhatItMade() throws Exception {
        Path output = Files.createDirectories(server.dir().resolve("out/job-1"));
        Files.writeString(output.resolve("document.json"), "{\"pages\": 320, \"chapters\": [{}, {}, {}]}");
        server.api().jobs.jobs.put("job-1", new dev.cairn.api.JobView("job-1", "pdf-processing", "SUCCEEDED", 1, java.time.Instant.EPOCH,
                java.time.Instant.EPOCH, null, Map.of("output_dir", output.toString()), null));

        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "pdf", pdf.toString(), "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("job-1\n").contains("job job-1 succeeded").containsPattern("pages\\s+320")
                .containsPattern("chapters\\s+3").contains("output dir   " + output);
        assertThat(run.err()).contains("cairn: job-1 SUCCEEDED");
    }

    @Test
    void shouldWaitForAFailedJobAndExitWithItsError() {
        server.api().jobs.jobs.put("job-1", new dev.cairn.api.JobView("job-1", "chapter-generation", "FAILED", 1, java.time.Instant.EPOCH,
                java.time.Instant.EPOCH, null, null, new dev.cairn.api.JobView.ErrorView("x", "no provider admits a call")));

        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "chapter", "--topic", "Dunes", "--wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("job job-1 FAILED: no provider admits a call");
    }

    @Test
    void shouldGiveUpWaitingAfterTheTimeoutAndSayHowToFollowTheJob() {
        server.api().jobs.jobs.put("job-1", new dev.cairn.api.JobView("job-1", "chapter-generation", "ENQUEUED", 0, java.time.Instant.EPOCH,
                java.time.Instant.EPOCH, null, null, null));

        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "chapter", "--topic", "Dunes", "--wait", "--wait-timeout", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("still ENQUEUED after 1 s").contains("cairn status job-1");
    }

    @Test
    void shouldRefuseSectionsOutOfRangeAsAUsageError() {
        for (String sections : List.of("0", "51", "many")) {
            CliRun run = CliRun.run(server.cliEnv(), "enqueue", "chapter", "--topic", "x", "--sections", sections);

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.errorLine()).startsWith("cairn: ").contains("--sections");
        }
        assertThat(server.api().jobs.submissions).isEmpty();
    }

    @Test
    void shouldPrintTheWorkersRefusalAsOneLine() {
        server.api().jobs.failWith(new UnknownJobTypeException("chapter-generation", List.of("pdf-processing")));

        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "chapter", "--topic", "x");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorLine()).isEqualTo("cairn: unknown job type 'chapter-generation'; this worker runs: pdf-processing");
    }

    @Test
    void shouldSendTheApiTokenFromTheEnvironment() throws Exception {
        try (RunningApi guarded = new RunningApi(server.dir().resolve("guarded"), "t0ken", 1024 * 1024)) {
            CliRun without = CliRun.run(Map.of("CAIRN_URL", guarded.baseUrl()), "enqueue", "chapter", "--topic", "x");
            CliRun with = CliRun.run(Map.of("CAIRN_URL", guarded.baseUrl(), "CAIRN_API_TOKEN", "t0ken"), "enqueue", "chapter", "--topic", "x");

            assertThat(without.exitCode()).isEqualTo(1);
            assertThat(without.errorLine()).contains("CAIRN_API_TOKEN");
            assertThat(with.exitCode()).as(with.err()).isZero();
        }
    }
}
