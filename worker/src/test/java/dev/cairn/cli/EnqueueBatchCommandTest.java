package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.BatchSettings;
import dev.cairn.http.ApiServerExtension;
import dev.cairn.http.StorageBackedApi;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn enqueue batch FILE|-} against a worker's real batch endpoint and job storage. */
class EnqueueBatchCommandTest {

    @RegisterExtension
    final ApiServerExtension<BatchSettings, StorageBackedApi> server = ApiServerExtension.storageBacked(BatchSettings.DEFAULTS);

    private static String chapter(int i) {
        return "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"Tides " + i + "\", \"sections\": 2}, \"idempotency_key\": \"t-" + i + "\"}";
    }

    @Test
    void shouldEnqueueEveryLineOfAFileAndPrintASummary() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 1_500; i++) lines.add(chapter(i));
        Path file = Files.write(server.dir().resolve("jobs.ndjson"), lines);

        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "batch", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("accepted 1,500 of 1,500 line(s): 1,500 new job(s), 0 duplicate(s) of existing jobs");
        assertThat(run.err()).isEmpty();
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(1_500);
    }

    @Test
    void shouldCountDuplicatesListRefusedLinesByNumberAndExitOne() throws Exception {
        Path file = Files.write(server.dir().resolve("jobs.ndjson"), List.of(chapter(1), chapter(2), "", "{\"type\": \"poetry\"}", chapter(1),
                "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"x\", \"sections\": 0}}"));
        CliRun.run(server.cliEnv(), "enqueue", "batch", file.toString()); // the first run stores lines 1 and 2

        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "batch", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("accepted 3 of 5 line(s): 0 new job(s), 3 duplicate(s) of existing jobs")
                .contains("refused 2 line(s):")
                .contains("  line 4: unknown_type: ")
                .contains("  line 6: invalid_payload: ");
        assertThat(run.errorLine()).isEqualTo("cairn: 2 of 5 line(s) refused (listed above)");
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(2);
    }

    @Test
    void shouldReadStandardInputAndPrintEveryAnswerWithJson() throws Exception {
        String input = chapter(7) + "\nnot json\n";

        CliRun run = CliRun.runWithStdin(server.cliEnv(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                "enqueue", "batch", "-", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        List<JsonNode> answers = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) answers.add(new ObjectMapper().readTree(line));
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).path("line").asInt()).isEqualTo(1);
        assertThat(answers.get(0).path("created").asBoolean()).isTrue();
        assertThat(answers.get(1).path("error").asText()).isEqualTo("invalid_json");
        assertThat(run.errorLine()).isEqualTo("cairn: 1 of 2 line(s) refused");
    }

    @Test
    void shouldDrawAProgressLineWhenAskedAndClearItAtTheEnd() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3_000; i++) lines.add(chapter(i));
        Path file = Files.write(server.dir().resolve("jobs.ndjson"), lines);

        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "batch", file.toString(), "--progress");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("\r[").contains("line(s) answered, 0 refused").endsWith("\r");
    }

    @Test
    void shouldFailWithOneLineNamingAMissingFile() {
        CliRun run = CliRun.run(server.cliEnv(), "enqueue", "batch", server.dir().resolve("nope.ndjson").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorLine()).startsWith("cairn: no such file: ").contains("nope.ndjson");
    }
}
