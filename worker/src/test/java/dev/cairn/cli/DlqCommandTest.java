package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.HttpSettings;
import dev.cairn.dlq.DlqQuery;
import dev.cairn.http.ApiServerExtension;
import dev.cairn.http.FakeDlqService;
import dev.cairn.http.RunningApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DlqCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PDF = "pdf-processing";
    private static final String BAD_PDF = "dev.cairn.pdf.InvalidPdfException";
    private static final String BAD_PDF_SIGNATURE = FakeDlqService.signature(BAD_PDF, "not a PDF");
    private static final Instant J3_FAILED = RunningApi.NOW.minus(Duration.ofMinutes(10));

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    @BeforeEach
    void addThreeEntries() {
        server.api().dlq.add("j1", PDF, BAD_PDF, "not a PDF", RunningApi.NOW.minus(Duration.ofHours(30)));
        server.api().dlq.add("j2", "chapter-generation", "dev.cairn.provider.ProviderException", "timeout", RunningApi.NOW.minus(Duration.ofHours(2)));
        server.api().dlq.add("j3", PDF, BAD_PDF, "not a PDF", J3_FAILED);
    }

    @Test
    void shouldListEntriesAsATableWithTheNextPagesCommand() {
        CliRun first = CliRun.run(server.cliEnv(), "dlq", "list", "--limit", "2");

        assertThat(first.exitCode()).as(first.err()).isZero();
        List<String> lines = first.out().lines().toList();
        assertThat(lines.getFirst()).matches("JOB ID\\s+TYPE\\s+FILE\\s+LAST FAILED\\s+ATTEMPTS\\s+LAST STEP\\s+SIGNATURE");
        assertThat(lines).anyMatch(l -> l.matches("j3\\s+pdf-processing\\s+j3\\.pdf\\s+" + J3_FAILED + "\\s+3\\s+inspect\\s+InvalidPdfException: not a PDF"))
                .anyMatch(l -> l.matches("j2\\s+chapter-generation\\s+.*\\s+ProviderException: timeout"))
                .noneMatch(l -> l.startsWith("j1"));
        assertThat(lines.getLast()).isEqualTo("showing 2 of 3; next: cairn dlq list --limit 2 --cursor after:j2");

        CliRun second = CliRun.run(server.cliEnv(), "dlq", "list", "--limit", "2", "--cursor", "after:j2");

        assertThat(second.out()).contains("j1").doesNotContain("j3");
        assertThat(second.out().lines().toList().getLast()).isEqualTo("showing 1 of 3");
    }

    @Test
    void shouldPassTheFiltersAndRepeatThemQuotedInTheNextPagesCommand() {
        CliRun run = CliRun.run(server.cliEnv(), "dlq", "list", "--type", PDF, "--error-class", "InvalidPdfException",
                "--signature", BAD_PDF_SIGNATURE, "--since", "7d", "--text", "PDF", "--limit", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        DlqQuery query = server.api().dlq.queries.getLast();
        assertThat(query.type()).contains(PDF);
        assertThat(query.errorClass()).contains("InvalidPdfException");
        assertThat(query.signature()).contains(BAD_PDF_SIGNATURE);
        assertThat(query.since()).contains(RunningApi.NOW.minus(Duration.ofDays(7)));
        assertThat(query.text()).contains("pdf");
        assertThat(query.limit()).isEqualTo(1);
        assertThat(run.out().lines().toList().getLast()).as("no total for filters the worker does not count")
                .isEqualTo("showing 1; next: cairn dlq list --type pdf-processing "
                + "--error-class InvalidPdfException --signature 'InvalidPdfException: not a PDF' --since 7d --q PDF --limit 1 --cursor after:j3");
    }

    @Test
    void shouldCutLongSignaturesInTheTable() {
        String message = "x".repeat(200);
        server.api().dlq.add("j4", PDF, BAD_PDF, message, RunningApi.NOW);

        CliRun run = CliRun.run(server.cliEnv(), "dlq", "list");

        String row = run.out().lines().filter(l -> l.startsWith("j4")).findFirst().orElseThrow();
        assertThat(row).endsWith("…").doesNotContain(message);
        assertThat(row.substring(row.indexOf("InvalidPdfException"))).hasSize(DlqText.SIGNATURE_WIDTH);
    }

    @Test
    void shouldSayWhenThereIsNothingToList() {
        server.api().dlq.entries.clear();

        assertThat(CliRun.run(server.cliEnv(), "dlq", "list").out()).isEqualTo("the dead-letter queue is empty\n");
        assertThat(CliRun.run(server.cliEnv(), "dlq", "list", "--type", "nope").out()).isEqualTo("no entries match the filters\n");
    }

    @Test
    void shouldPrintTheApisJsonUnchanged() {
        assertThat(CliRun.run(server.cliEnv(), "dlq", "list", "--json").out().strip()).isEqualTo(server.api().get("/api/dlq").body());
        assertThat(CliRun.run(server.cliEnv(), "dlq", "show", "j1", "--json").out().strip()).isEqualTo(server.api().get("/api/dlq/j1").body());
        assertThat(CliRun.run(server.cliEnv(), "dlq", "stats", "--json").out().strip()).isEqualTo(server.api().get("/health/dlq").body());
    }

    @Test
    void shouldShowOneEntryAsLabelledLinesWithTheStackTrace() {
        CliRun run = CliRun.run(server.cliEnv(), "dlq", "show", "j3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("job\\s+j3"))
                .anyMatch(l -> l.matches("type\\s+pdf-processing"))
                .anyMatch(l -> l.matches("last failed\\s+" + J3_FAILED))
                .anyMatch(l -> l.matches("last step\\s+inspect"))
                .anyMatch(l -> l.matches("error class\\s+" + Pattern.quote(BAD_PDF)))
                .anyMatch(l -> l.matches("message\\s+not a PDF"))
                .anyMatch(l -> l.matches("dashboard\\s+http://127.0.0.1:8000/dashboard/jobs/j3"))
                .anyMatch(l -> l.matches("payload\\s+\\{\"file\":\"j3.pdf\"}"))
                .contains("stack trace", "  " + BAD_PDF + ": not a PDF", "  \tat dev.cairn.Some.place(Some.java:1)");
    }

    @Test
    void shouldFailWithOneLineForAJobThatIsNotQueued() {
        for (String action : List.of("show", "retry", "remove")) {
            CliRun run = CliRun.run(server.cliEnv(), "dlq", action, "nope");

            assertThat(run.exitCode()).as(action).isEqualTo(1);
            assertThat(run.errorLine()).as(action).isEqualTo("cairn: job nope is not in the dead-letter queue");
        }
    }

    @Test
    void shouldAskForForceBeforeRetryingAPermanentFailure() {
        server.api().dlq.add("j9", PDF, BAD_PDF, "the PDF is encrypted with a password", J3_FAILED, true);

        CliRun refused = CliRun.run(server.cliEnv(), "dlq", "retry", "j9");
        CliRun forced = CliRun.run(server.cliEnv(), "dlq", "retry", "j9", "--force");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.errorLine()).contains("failed permanently").contains("encrypted").contains("--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(server.api().dlq.retried).containsExactly("j9");
    }

    @Test
    void shouldRetryOneJobAndSayWhereItResumes() {
        CliRun run = CliRun.run(server.cliEnv(), "dlq", "retry", "j3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("job j3 is re-enqueued and resumes from its checkpoint at step 'extract-text'\n");
        assertThat(server.api().dlq.retried).containsExactly("j3");
    }

    @Test
    void shouldRetryMatchingJobsThrottled() {
        CliRun byType = CliRun.run(server.cliEnv(), "dlq", "retry", "--type", PDF, "--rate", "2");
        CliRun bySignature = CliRun.run(server.cliEnv(), "dlq", "retry", "--signature", BAD_PDF_SIGNATURE);
        CliRun none = CliRun.run(server.cliEnv(), "dlq", "retry", "--type", "nope", "--rate", "0.5");

        assertThat(byType.out()).isEqualTo("retrying 2 jobs at 2/s\n");
        assertThat(bySignature.out()).isEqualTo("retrying 2 jobs at 5/s\n");
        assertThat(none.out()).isEqualTo("no queued job matches: nothing to retry\n");
        assertThat(server.api().dlq.bulkRetries).containsExactly(
                new FakeDlqService.BulkRetry(Optional.of(PDF), Optional.empty(), 2.0),
                new FakeDlqService.BulkRetry(Optional.empty(), Optional.of(BAD_PDF_SIGNATURE), 5.0),
                new FakeDlqService.BulkRetry(Optional.of("nope"), Optional.empty(), 0.5));
        JsonNode json = json(CliRun.run(server.cliEnv(), "dlq", "retry", "--type", PDF, "--json").out());
        assertThat(json.get("job_ids")).extracting(JsonNode::asText).containsExactly("j1", "j3");
    }

    @Test
    void shouldTreatARetryWithoutOneTargetAsAUsageError() {
        CliRun nothing = CliRun.run(server.cliEnv(), "dlq", "retry");
        CliRun both = CliRun.run(server.cliEnv(), "dlq", "retry", "j1", "--type", PDF);
        CliRun rateForOne = CliRun.run(server.cliEnv(), "dlq", "retry", "j1", "--rate", "3");
        CliRun badRate = CliRun.run(server.cliEnv(), "dlq", "retry", "--type", PDF, "--rate", "fast");

        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.errorLine()).startsWith("cairn: missing what to retry").contains("--type");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.errorLine()).contains("not both");
        assertThat(rateForOne.exitCode()).isEqualTo(2);
        assertThat(badRate.exitCode()).isEqualTo(2);
        assertThat(badRate.errorLine()).contains("--rate");
        assertThat(server.api().dlq.retried).isEmpty();
        assertThat(server.api().dlq.bulkRetries).isEmpty();
    }

    @Test
    void shouldReportTheWorkersRefusalOfABadRateOnOneLine() {
        CliRun run = CliRun.run(server.cliEnv(), "dlq", "retry", "--type", PDF, "--rate", "5000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorLine()).startsWith("cairn: parameter 'rate'");
    }

    @Test
    void shouldRemoveAnEntryAndCleanUp() {
        server.api().dlq.cleanupRemoves = 4;

        assertThat(CliRun.run(server.cliEnv(), "dlq", "remove", "j1").out()).isEqualTo("removed j1\n");
        assertThat(server.api().dlq.entries).doesNotContainKey("j1");
        assertThat(CliRun.run(server.cliEnv(), "dlq", "cleanup").out()).isEqualTo("removed 4 entries older than the retention\n");
    }

    @Test
    void shouldPrintTheStatsWithGroupsAndRecommendations() {
        CliRun run = CliRun.run(server.cliEnv(), "dlq", "stats");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("status\\s+healthy"))
                .anyMatch(l -> l.matches("total\\s+3"))
                .anyMatch(l -> l.matches("last 24 h\\s+2"))
                .anyMatch(l -> l.matches("thresholds\\s+warning 10, critical 50"))
                .contains("by type", "by error", "recommendations")
                .anyMatch(l -> l.matches("\\s+2\\s+pdf-processing"))
                .anyMatch(l -> l.matches("\\s+2\\s+InvalidPdfException: not a PDF"))
                .anyMatch(l -> l.startsWith("  - "));
    }

    @Test
    void shouldExportJsonLinesToStdout() throws Exception {
        CliRun run = CliRun.run(server.cliEnv(), "dlq", "export", "--type", PDF);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : run.out().lines().toList()) ids.add(JSON.readTree(line).get("job_id").asText());
        assertThat(ids).containsExactly("j3", "j1");
        assertThat(server.api().dlq.queries.getLast().type()).contains(PDF);
    }

    @Test
    void shouldExportToAFile() throws Exception {
        Path file = server.dir().resolve("dlq.ndjson");

        CliRun run = CliRun.run(server.cliEnv(), "dlq", "export", "--output", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("exported 3 entries to " + file + "\n");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.getFirst()).get("job_id").asText()).isEqualTo("j3");
        assertThat(server.dir().resolve("dlq.ndjson.part")).doesNotExist();
    }

    @Test
    void shouldSayWhenTheOutputFileCannotBeWritten() {
        CliRun run = CliRun.run(server.cliEnv(), "dlq", "export", "--output", server.dir().resolve("missing/dlq.ndjson").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorLine()).startsWith("cairn: cannot write ").contains("does not exist");
    }

    @Test
    void shouldFailAndLeaveNoFileWhenTheExportBreaksOff() {
        for (int i = 0; i < 2_000; i++) server.api().dlq.add("job-" + i, PDF, BAD_PDF, "not a PDF", RunningApi.NOW.minusSeconds(i));
        server.api().dlq.failExportAfter = 1_500;
        Path file = server.dir().resolve("broken.ndjson");

        CliRun toFile = CliRun.run(server.cliEnv(), "dlq", "export", "--output", file.toString());
        CliRun toStdout = CliRun.run(server.cliEnv(), "dlq", "export");

        assertThat(toFile.exitCode()).isEqualTo(1);
        assertThat(toFile.errorLine()).startsWith("cairn: ");
        assertThat(file).doesNotExist();
        assertThat(server.dir().resolve("broken.ndjson.part")).doesNotExist();
        assertThat(toStdout.exitCode()).isEqualTo(1);
        assertThat(toStdout.errorLine()).contains("broke off", "incomplete");
    }

    @Test
    void shouldSayWhenTheQueueIsDisabled() {
        server.api().dlq.enabled = false;

        CliRun list = CliRun.run(server.cliEnv(), "dlq", "list");
        CliRun stats = CliRun.run(server.cliEnv(), "dlq", "stats");

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.errorLine()).startsWith("cairn: the dead-letter queue is disabled");
        assertThat(stats.exitCode()).isZero();
        assertThat(stats.out().lines()).anyMatch(l -> l.matches("status\\s+disabled"));
    }

    @Test
    void shouldSendTheTokenForReadsAndChanges() {
        server.start(new HttpSettings(0, "127.0.0.1", Optional.of("s3cret-token"), 0,
                Optional.empty(), Optional.empty(), 1024 * 1024, Optional.empty(),
                Optional.of("r3ad-token"), List.of()));
        server.api().dlq.add("j1", PDF, BAD_PDF, "not a PDF", RunningApi.NOW);
        Map<String, String> noToken = Map.of("CAIRN_URL", server.baseUrl());
        Map<String, String> readToken = Map.of("CAIRN_URL", server.baseUrl(), "CAIRN_API_READ_TOKEN", "r3ad-token");
        Map<String, String> withToken = Map.of("CAIRN_URL", server.baseUrl(), "CAIRN_API_TOKEN", "s3cret-token");

        CliRun refused = CliRun.run(noToken, "dlq", "remove", "j1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.errorLine()).contains("CAIRN_API_TOKEN");
        CliRun unread = CliRun.run(noToken, "dlq", "list");
        assertThat(unread.exitCode()).isEqualTo(1);
        assertThat(unread.errorLine()).contains("CAIRN_API_TOKEN");

        assertThat(CliRun.run(readToken, "dlq", "list").out()).contains("j1");
        CliRun readOnly = CliRun.run(readToken, "dlq", "remove", "j1");
        assertThat(readOnly.exitCode()).isEqualTo(1);
        assertThat(readOnly.errorLine()).contains("CAIRN_API_READ_TOKEN");
        assertThat(server.api().dlq.entries).containsKey("j1");

        assertThat(CliRun.run(withToken, "dlq", "list").out()).contains("j1");
        assertThat(CliRun.run(withToken, "dlq", "export").exitCode()).isZero();
        assertThat(CliRun.run(withToken, "dlq", "remove", "j1").exitCode()).isZero();
    }

    @Test
    void shouldTreatAMissingActionAsAUsageError() {
        CliRun run = CliRun.run(server.cliEnv(), "dlq");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLine()).contains("missing action", "list", "export");
    }

    @Test
    void shouldListDlqInTheHelp() {
        assertThat(CliRun.run(Map.of(), "--help").out()).contains("dlq");
        Matcher actions = Pattern.compile("(?m)^\\s+(list|show|retry|remove|stats|cleanup|export)\\b").matcher(CliRun.run(Map.of(), "dlq", "--help").out());
        List<String> found = new ArrayList<>();
        while (actions.find()) found.add(actions.group(1));
        assertThat(found).contains("list", "show", "retry", "remove", "stats", "cleanup", "export");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
