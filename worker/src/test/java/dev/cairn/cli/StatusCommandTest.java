package dev.cairn.cli;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.JobView;
import dev.cairn.api.StepView;
import dev.cairn.config.HttpSettings;
import dev.cairn.http.ApiServerExtension;
import dev.cairn.http.RunningApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTest {

    private static final Instant T = Instant.parse("2025-03-04T05:06:07Z");

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    @BeforeEach
    void addThreeJobs() {
        CheckpointView checkpoint = new CheckpointView("extract-text", 42.5, 1, T, List.of(
                new StepView("inspect", StepView.COMPLETED, 1, null, T),
                new StepView("extract-text", StepView.RUNNING, 2, "57", null),
                new StepView("split-chapters", StepView.PENDING, 0, null, null)));
        server.api().jobs.jobs.put("j1", new JobView("j1", "pdf-processing", "PROCESSING", 2, T, T, checkpoint, null, null));
        server.api().jobs.jobs.put("j2", new JobView("j2", "pdf-processing", "FAILED", 11, T, T, null, null,
                new JobView.ErrorView("dev.cairn.api.CairnException", "the PDF is encrypted")));
        server.api().jobs.jobs.put("j3", new JobView("j3", "pdf-processing", "SUCCEEDED", 1, T, T, null,
                Map.of("output_dir", "/data/output/j3"), null));
    }

    @Test
    void shouldPrintAReadableTableWithTheSteps() {
        CliRun run = CliRun.run(server.cliEnv(), "status", "j1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("j1", "pdf-processing", "PROCESSING", "2025-03-04T05:06:07Z")
                .contains("extract-text", "42.5 %", "1 time");
        assertThat(run.out().lines().map(String::strip))
                .anyMatch(l -> l.matches("inspect\\s+completed\\s+1"))
                .anyMatch(l -> l.matches("extract-text\\s+running\\s+2\\s+57"))
                .anyMatch(l -> l.matches("split-chapters\\s+pending\\s+0"));
    }

    @Test
    void shouldShowTheErrorOfAFailedJobAndTheOutputOfASucceededOne() {
        CliRun failed = CliRun.run(server.cliEnv(), "status", "j2");
        CliRun succeeded = CliRun.run(server.cliEnv(), "status", "j3");

        assertThat(failed.out()).contains("no checkpoint (not started, or expired)", "dev.cairn.api.CairnException", "the PDF is encrypted");
        assertThat(succeeded.out()).contains("/data/output/j3");
    }

    @Test
    void shouldPrintTheNoteASucceededJobLeftForItsUser() {
        String note = "Extractive text chosen offline from the chapters of pdf-processing job p1; "
                + "set CAIRN_PROVIDERS to an LLM provider for written chapters.";
        server.api().jobs.jobs.put("j5", new JobView("j5", "chapter-generation", "SUCCEEDED", 1, T, T, null,
                Map.of("output_dir", "/data/output/j5", "note", note), null));

        CliRun run = CliRun.run(server.cliEnv(), "status", "j5");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().map(String::strip)).anyMatch(l -> l.matches("note\\s+Extractive text chosen offline from .*"));
    }

    @Test
    void shouldNameTheStepAFailedJobStoppedIn() {
        CheckpointView left = new CheckpointView("extract-text", 20, 0, T, List.of(
                new StepView("inspect", StepView.COMPLETED, 1, null, T),
                new StepView("extract-text", StepView.RUNNING, 1, "12", null),
                new StepView("split-chapters", StepView.PENDING, 0, null, null)));
        server.api().jobs.jobs.put("j4", new JobView("j4", "pdf-processing", "FAILED", 1, T, T, left.failedWith("page 13 took too long"), null,
                new JobView.ErrorView("dev.cairn.api.CairnException", "page 13 took too long")));

        CliRun run = CliRun.run(server.cliEnv(), "status", "j4");

        assertThat(run.out()).contains("failed step").doesNotContain("current step").doesNotContain("running");
        assertThat(run.out().lines().map(String::strip))
                .anyMatch(l -> l.matches("extract-text\\s+failed\\s+1\\s+12"))
                .anyMatch(l -> l.matches("split-chapters\\s+pending\\s+0"));
    }

    @Test
    void shouldPrintTheApisJsonUnchanged() {
        CliRun run = CliRun.run(server.cliEnv(), "status", "j1", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo(server.api().get("/api/jobs/j1").body());
    }

    @Test
    void shouldFailWithOneLineForAnUnknownJob() {
        CliRun run = CliRun.run(server.cliEnv(), "status", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorLine()).isEqualTo("cairn: no job with id nope");
    }

    @Test
    void shouldFailWithOneLineWhenTheWorkerIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = CliRun.run(Map.of("CAIRN_URL", "http://127.0.0.1:" + closedPort), "status", "j1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorLine()).startsWith("cairn: cannot reach the Cairn worker");
    }

    @Test
    void shouldNameCairnUrlWhenItIsBad() {
        for (String url : List.of("not a url", "ftp://host", "http://", "localhost:8080")) {
            CliRun run = CliRun.run(Map.of("CAIRN_URL", url), "status", "j1");

            assertThat(run.exitCode()).as(url).isEqualTo(2);
            assertThat(run.errorLine()).startsWith("cairn: CAIRN_URL");
        }
    }

    @Test
    void shouldSendTheTokenToReadAJobOfAGuardedWorker() {
        try (RunningApi guarded = new RunningApi(server.dir().resolve("guarded"), "t0ken", 1024 * 1024)) {
            guarded.jobs.jobs.put("j1", new JobView("j1", "pdf-processing", "SUCCEEDED", 1, T, T, null, Map.of("output_dir", "/o"), null));
            CliRun without = CliRun.run(Map.of("CAIRN_URL", guarded.baseUrl()), "status", "j1");
            CliRun with = CliRun.run(Map.of("CAIRN_URL", guarded.baseUrl(), "CAIRN_API_TOKEN", "t0ken"), "status", "j1");

            assertThat(without.exitCode()).isEqualTo(1);
            assertThat(without.errorLine()).contains("CAIRN_API_TOKEN");
            assertThat(with.exitCode()).as(with.err()).isZero();
            assertThat(with.out()).contains("SUCCEEDED", "/o");
        }
    }
}
