package dev.cairn.cli;

import dev.cairn.api.JobView;
import dev.cairn.config.HttpSettings;
import dev.cairn.http.ApiServerExtension;
import dev.cairn.http.RunningApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #18 part 3: jobs can be found without knowing an id. */
class JobsCommandTest {

    private static final Instant T = Instant.parse("2025-03-04T05:06:07Z");

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    @BeforeEach
    void addJobs() {
        server.api().jobs.jobs.put("j-old", new JobView("j-old", "pdf-processing", "SUCCEEDED", 1, T, T, null, Map.of("output_dir", "/o"), null));
        server.api().jobs.jobs.put("j-new", new JobView("j-new", "chapter-generation", "FAILED", 3, T, T.plusSeconds(60), null, null,
                new JobView.ErrorView("x", "boom")));
    }

    @Test
    void shouldListTheLatestJobsFirst() {
        CliRun run = CliRun.run(server.cliEnv(), "jobs");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("JOB ID", "STATE", "FILE").contains("showing 2").contains("cairn status <job-id>");
        assertThat(run.out().indexOf("j-new")).isLessThan(run.out().indexOf("j-old"));
        assertThat(run.out().lines().map(String::strip)).anyMatch(l -> l.matches("j-new\\s+chapter-generation\\s+FAILED\\s+3\\s+.*"));
    }

    @Test
    void shouldFilterByStateAndPrintTheApisJson() {
        CliRun failed = CliRun.run(server.cliEnv(), "jobs", "--state", "failed");
        CliRun json = CliRun.run(server.cliEnv(), "jobs", "--json", "--type", "pdf-processing");

        assertThat(failed.out()).contains("j-new").doesNotContain("j-old");
        assertThat(json.out().strip()).isEqualTo(server.api().get("/api/jobs?type=pdf-processing").body());
    }

    @Test
    void shouldListJobsForStatusWithoutAnId() {
        CliRun run = CliRun.run(server.cliEnv(), "status");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("j-new", "j-old");
    }

    @Test
    void shouldNameTheCommandForTheNextPageQuotedForTheShell() {
        for (String id : new String[]{"j-a", "j-b"}) {
            server.api().jobs.jobs.put(id, new JobView(id, "odd type", "ENQUEUED", 0, T, T, null, null, null));
        }

        CliRun run = CliRun.run(server.cliEnv(), "jobs", "--limit", "1", "--type", "odd type");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList().getLast())
                .isEqualTo("showing 1; next: cairn jobs --type 'odd type' --limit 1 --cursor 1; details: cairn status <job-id>");
    }

    @Test
    void shouldSaySoWhenNoJobMatches() {
        assertThat(CliRun.run(server.cliEnv(), "jobs", "--state", "PROCESSING").out()).isEqualTo("no jobs match\n");
    }
}
