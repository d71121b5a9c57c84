package dev.cairn.cli;

import dev.cairn.config.HttpSettings;
import dev.cairn.http.ApiServerExtension;
import dev.cairn.http.RunningApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BreakersCommandTest {

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes();

    @Test
    void shouldListForceOpenAndResetBreakers() {
        CliRun list = CliRun.run(server.cliEnv(), "breakers");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().map(String::strip)).anyMatch(l -> l.matches("acme\\s+CLOSED\\s+0\\s+0\\s+-"));

        CliRun open = CliRun.run(server.cliEnv(), "breakers", "force-open", "acme");
        assertThat(open.exitCode()).as(open.err()).isZero();
        assertThat(open.out()).contains("acme").contains("OPEN");
        assertThat(CliRun.run(server.cliEnv(), "breakers", "list", "--json").out()).contains("\"state\":\"OPEN\"");

        CliRun reset = CliRun.run(server.cliEnv(), "breakers", "reset", "acme");
        assertThat(reset.out().lines().map(String::strip)).anyMatch(l -> l.matches("acme\\s+CLOSED.*"));
    }

    @Test
    void shouldFailWithOneLineForAnUnknownBreakerOrAction() {
        CliRun unknown = CliRun.run(server.cliEnv(), "breakers", "reset", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().strip()).startsWith("cairn: ").contains("nope").doesNotContain("\n");

        CliRun badAction = CliRun.run(server.cliEnv(), "breakers", "explode");
        assertThat(badAction.exitCode()).isEqualTo(2);
        CliRun missingName = CliRun.run(server.cliEnv(), "breakers", "reset");
        assertThat(missingName.exitCode()).isEqualTo(2);
    }

    @Test
    void shouldWorkWithAGuardedWorker() {
        try (RunningApi guarded = new RunningApi(server.dir().resolve("guarded"), "t0ken", 1024 * 1024)) {
            Map<String, String> withToken = Map.of("CAIRN_URL", guarded.baseUrl(), "CAIRN_API_TOKEN", "t0ken");
            // the list is a read: it needs the token too, and the CLI sends it
            CliRun unread = CliRun.run(Map.of("CAIRN_URL", guarded.baseUrl()), "breakers");
            assertThat(unread.exitCode()).isEqualTo(1);
            assertThat(unread.errorLine()).contains("CAIRN_API_TOKEN");
            assertThat(CliRun.run(withToken, "breakers").out()).contains("acme");
            // a body-less POST with neither Content-Type nor Origin passes the browser checks
            CliRun open = CliRun.run(withToken, "breakers", "force-open", "acme");
            assertThat(open.exitCode()).as(open.err()).isZero();
            assertThat(open.out()).contains("OPEN");
        }
    }
}
