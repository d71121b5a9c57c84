package dev.cairn.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CairnCommandTest {

    @Test
    void shouldPrintTheVersion() {
        CliRun run = CliRun.run(Map.of(), "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("cairn ");
    }

    @Test
    void shouldPrintHelpListingTheCommands() {
        CliRun run = CliRun.run(Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("worker", "enqueue", "status");
    }

    @Test
    void shouldTreatAMissingCommandAsAUsageError() {
        CliRun run = CliRun.run(Map.of());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLine()).startsWith("cairn: missing command");
    }

    @Test
    void shouldReportAnUnknownOptionOnOneLine() {
        CliRun run = CliRun.run(Map.of(), "status", "--frobnicate", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLine()).contains("--frobnicate").contains("cairn status --help");
    }

    @Test
    void shouldSuggestTheNearestCommandOrOptionForATypo() {
        CliRun command = CliRun.run(Map.of(), "stauts", "some-job");
        CliRun option = CliRun.run(Map.of(), "status", "--jsn", "some-job");

        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.errorLine()).contains("did you mean 'status'?");
        assertThat(option.errorLine()).contains("did you mean '--json'?");
    }

    @Test
    void shouldNeverWrapAFileNameInsideTheHelp() {
        for (String command : new String[]{"worker", "enqueue", "status", "dlq", "breakers", "keys", "sample-pdf"}) {
            CliRun help = CliRun.run(Map.of(), command, "--help");
            // why: a line that ends in a lone "." then "env…" on the next line is how ".env" came out as ". env"
            assertThat(help.out().lines()).as(command).noneMatch(line -> line.matches(".*(\\s|\\()\\.$"));
        }
        assertThat(CliRun.run(Map.of(), "worker", "--help").out().replaceAll("\\s+", " ")).contains(" .env ").contains(".env.example");
    }

    @Test
    void shouldReportAMissingParameterOnOneLine() {
        CliRun run = CliRun.run(Map.of(), "enqueue", "pdf");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLine()).contains("<file>");
    }

    @Test
    void shouldRefuseABadWorkerConfigurationNamingTheVariable() {
        CliRun run = CliRun.run(Map.of("CAIRN_HTTP_PORT", "eighty"), "worker");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLine()).startsWith("cairn: CAIRN_HTTP_PORT");
    }

    @Test
    void shouldPrintTheStackTraceOnlyWithCairnDebug() {
        CliRun quiet = CliRun.run(Map.of("CAIRN_URL", "bad url"), "status", "x");
        CliRun debug = CliRun.run(Map.of("CAIRN_URL", "bad url", "CAIRN_DEBUG", "true"), "status", "x");

        assertThat(quiet.err().lines().count()).isEqualTo(1);
        assertThat(debug.err().lines().count()).isGreaterThan(1);
        assertThat(debug.err()).contains("ConfigException");
    }
}
