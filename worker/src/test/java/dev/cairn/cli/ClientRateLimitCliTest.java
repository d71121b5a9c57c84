package dev.cairn.cli;

import org.junit.jupiter.api.Test;

import static dev.cairn.cli.ScriptedWorker.accepted;
import static dev.cairn.cli.ScriptedWorker.tooMany;
import static org.assertj.core.api.Assertions.assertThat;

/** The client commands wait out a worker's 429 for at most {@code --max-wait}, and say so on stderr. */
class ClientRateLimitCliTest {

    @Test
    void shouldPrintALineOnStderrForEachWaitAndThenSucceed() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("1"), accepted("job-1"))) {
            CliRun run = CliRun.run(worker.cliEnv(), "enqueue", "chapter", "--topic", "Tides");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out().strip()).isEqualTo("job-1");
            assertThat(run.errorLine()).isEqualTo("cairn: rate limited by the worker; waiting 1 s before sending again (Retry-After)");
            assertThat(worker.received()).hasSize(2);
        }
    }

    @Test
    void shouldGiveUpOnceMaxWaitIsUsedUpNamingTheRateLimitAndWhenToRetry() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("1"))) {
            CliRun run = CliRun.run(worker.cliEnv(), "status", "job-1", "--max-wait", "1s");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().lines().toList()).containsExactly(
                    "cairn: rate limited by the worker; waiting 1 s before sending again (Retry-After)",
                    "cairn: rate limited by the worker: the anonymous caller may make 100/min requests; try again in 1 s"
                            + " (Retry-After: 1 s; gave up after waiting 1 s in all, the most this client waits); --max-wait sets how long cairn waits");
            assertThat(worker.received()).hasSize(2);
        }
    }

    @Test
    void shouldNotWaitWithMaxWaitZeroGivenBeforeTheCommand() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("7"))) {
            CliRun run = CliRun.run(worker.cliEnv(), "--max-wait", "0", "breakers");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.errorLine()).startsWith("cairn: rate limited by the worker: ")
                    .endsWith("(Retry-After: 7 s; this client does not wait out rate limits); --max-wait sets how long cairn waits");
            assertThat(worker.received()).hasSize(1);
        }
    }

    @Test
    void shouldRefuseAMaxWaitThatIsNoDuration() {
        CliRun run = CliRun.run(java.util.Map.of(), "status", "job-1", "--max-wait", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLine()).contains("--max-wait").contains("'soon' is not a duration");
    }
}
