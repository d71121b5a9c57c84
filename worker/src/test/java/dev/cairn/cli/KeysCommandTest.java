package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.ApiKeysFile;
import dev.cairn.config.ApiLimitSettings;
import dev.cairn.config.ApiTier;
import dev.cairn.http.RunningApi;
import dev.cairn.ratelimit.ProducerLimits;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn keys add|list} on a keys file, and a worker taking the key it made. */
class KeysCommandTest {

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of(ApiKeysFile.VARIABLE, dir.resolve("keys").toString());
    }

    @Test
    void shouldPrintANewKeyOnceAndWriteOnlyItsDigestToAnOwnerOnlyFile() throws Exception {
        CliRun run = CliRun.run(env(), "keys", "add", "billing-nightly", "--tier", "premium");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String key = run.out().strip();
        assertThat(run.out()).isEqualTo(key + System.lineSeparator());
        assertThat(key).startsWith(ApiKeysFile.KEY_PREFIX);
        Path file = dir.resolve("keys");
        String text = Files.readString(file);
        assertThat(text).isEqualTo(ApiKeysFile.digest(key) + " premium billing-nightly" + System.lineSeparator()).doesNotContain(key);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(run.errorLine()).isEqualTo("cairn: key 'billing-nightly' (premium) added to " + file
                + "; store it now: the file keeps only its digest; the worker reads the file within a few seconds");
    }

    @Test
    void shouldPrintJsonAndTakeFileOverTheEnvironmentWithTheApiKeyTierByDefault() throws Exception {
        Path other = dir.resolve("other-keys");

        CliRun run = CliRun.run(env(), "keys", "add", "ingest", "--file", other.toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode made = new ObjectMapper().readTree(run.out());
        assertThat(made.path("name").asText()).isEqualTo("ingest");
        assertThat(made.path("tier").asText()).isEqualTo("api_key");
        assertThat(made.path("file").asText()).isEqualTo(other.toString());
        assertThat(ApiKeysFile.read(other)).singleElement()
                .isEqualTo(new ApiKeysFile.Entry(ApiKeysFile.digest(made.path("key").asText()), ApiTier.API_KEY, "ingest"));
        assertThat(dir.resolve("keys")).doesNotExist();
    }

    @Test
    void shouldRefuseADuplicateNameAndKeepTheFile() throws Exception {
        CliRun.run(env(), "keys", "add", "billing");
        String before = Files.readString(dir.resolve("keys"));

        CliRun run = CliRun.run(env(), "keys", "add", "billing", "--tier", "admin");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLine()).startsWith("cairn: " + ApiKeysFile.VARIABLE).contains("already has a key named 'billing'");
        assertThat(Files.readString(dir.resolve("keys"))).isEqualTo(before);
    }

    @Test
    void shouldRefuseABadTierOrNameNamingWhatIsAllowed() {
        for (String tier : List.of("gold", "anonymous")) {
            CliRun run = CliRun.run(env(), "keys", "add", "billing", "--tier", tier);

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.errorLine()).contains("--tier must be api_key, premium or admin, got '" + tier + "'");
        }
        CliRun badName = CliRun.run(env(), "keys", "add", "bad name!");

        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.errorLine()).contains("'bad name!' is not a key name: 1-64 letters, digits");
        assertThat(dir.resolve("keys")).doesNotExist();
    }

    @Test
    void shouldRefuseToGuessTheFile() {
        CliRun run = CliRun.run(Map.of(), "keys", "add", "billing");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errorLine()).contains("no keys file: give --file PATH or set CAIRN_API_KEYS_FILE");
    }

    @Test
    void shouldListNamesTiersAndDigestStartsButNeverAKey() throws Exception {
        String first = CliRun.run(env(), "keys", "add", "billing").out().strip();
        String second = CliRun.run(env(), "keys", "add", "ops", "--tier", "admin").out().strip();

        CliRun run = CliRun.run(env(), "keys", "list");
        CliRun json = CliRun.run(env(), "keys", "list", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "NAME     TIER     DIGEST",
                "billing  api_key  " + ApiKeysFile.digest(first).substring(0, 12),
                "ops      admin    " + ApiKeysFile.digest(second).substring(0, 12));
        assertThat(json.out()).contains("\"digest_prefix\":\"" + ApiKeysFile.digest(second).substring(0, 12) + "\"");
        for (CliRun listed : List.of(run, json)) {
            assertThat(listed.out()).doesNotContain(first, second, ApiKeysFile.digest(first), ApiKeysFile.KEY_PREFIX);
        }
    }

    @Test
    void shouldMakeAKeyAWorkerTakes() throws Exception {
        String key = CliRun.run(env(), "keys", "add", "billing").out().strip();
        ApiLimitSettings settings = new ApiLimitSettings(Optional.of(dir.resolve("keys")), Map.of());
        ProducerLimits limits = ProducerLimits.of(settings, TestRedis.client(), RedisKeys.withPrefix(TestRedis.uniquePrefix()), null);
        try (RunningApi api = new RunningApi(dir.resolve("input"), RunningApi.settings("admin-token", 1024 * 1024), limits)) {
            CliRun withKey = CliRun.run(Map.of("CAIRN_URL", api.baseUrl(), "CAIRN_API_TOKEN", key), "status", "no-such-job");
            CliRun withOther = CliRun.run(Map.of("CAIRN_URL", api.baseUrl(), "CAIRN_API_TOKEN", key + "x"), "status", "no-such-job");

            assertThat(withKey.errorLine()).doesNotContain("token").contains("no-such-job");
            assertThat(withOther.errorLine()).contains("CAIRN_API_TOKEN");
        }
    }
}
