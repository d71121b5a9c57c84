package dev.cairn.cli;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #18 part 5: {@code cp .env.example .env} configures {@code ./cairn}; the compose placeholders never run. */
class DotEnvTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldReadCairnLinesUnderTheProcessEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve(".env"), String.join("\n",
                "# comment", "", "CAIRN_HTTP_PORT=9090", "export CAIRN_URL=\"http://127.0.0.1:9090\"", "CAIRN_DASHBOARD_PORT=0  # off",
                "CAIRN_API_TOKEN=from-file", "PATH=/nope", "CAIRN_BROKEN", "CAIRN_REDIS_URL="));

        Map<String, String> env = DotEnv.over(Map.of("CAIRN_API_TOKEN", "from-process"), file, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(env).containsEntry("CAIRN_HTTP_PORT", "9090").containsEntry("CAIRN_URL", "http://127.0.0.1:9090")
                .containsEntry("CAIRN_DASHBOARD_PORT", "0").containsEntry("CAIRN_API_TOKEN", "from-process").doesNotContainKey("PATH");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 8 is not NAME=value").doesNotContain("from-file");
        assertThat(CairnConfig.fromEnv(env).http().port()).isEqualTo(9090);
    }

    @Test
    void shouldStartFromACopyOfTheExampleFile() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve(".env.example"))) root = root.getParent();
        Path example = root.resolve(".env.example");

        Map<String, String> env = DotEnv.over(Map.of(), example, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(CairnConfig.fromEnv(env).http().port()).isEqualTo(8080);
    }

    @Test
    void shouldLeaveTheEnvironmentAloneWithoutAFile() {
        assertThat(DotEnv.over(Map.of("CAIRN_X", "1"), dir.resolve(".env"), System.err)).isEqualTo(Map.of("CAIRN_X", "1"));
    }

    @Test
    void shouldRefuseTheComposeExamplesPlaceholders() {
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_API_TOKEN", "change-me-api-token")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CAIRN_API_TOKEN").hasMessageContaining("placeholder")
                .hasMessageNotContaining("change-me-api-token");
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_DATABASE_URL", "jdbc:postgresql://db/cairn?user=cairn&password=change-me-postgres-password")))
                .hasMessageContaining("CAIRN_DATABASE_URL");
    }
}
