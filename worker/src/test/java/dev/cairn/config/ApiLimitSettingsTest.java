package dev.cairn.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #16 part 1: tiers, limits and the keys file, as the worker reads them at start-up. */
class ApiLimitSettingsTest {

    @TempDir
    Path dir;

    @Test
    void shouldApplyTheDocumentedDefaults() {
        ApiLimitSettings settings = CairnConfig.fromEnv(Map.of()).apiLimits();

        assertThat(settings.keysFile()).isEmpty();
        assertThat(settings.of(ApiTier.ANONYMOUS).requests()).hasValue(new ProviderSettings.RateLimit(100, Duration.ofMinutes(1)));
        assertThat(settings.of(ApiTier.API_KEY).requests()).hasValue(new ProviderSettings.RateLimit(1000, Duration.ofMinutes(1)));
        assertThat(settings.of(ApiTier.PREMIUM).jobs()).hasValue(new ProviderSettings.RateLimit(50000, Duration.ofMinutes(1)));
        assertThat(settings.of(ApiTier.ADMIN)).isEqualTo(ApiLimitSettings.TierLimits.NONE);
    }

    @Test
    void shouldReadEachTiersVariablesAndUnlimited() {
        ApiLimitSettings settings = CairnConfig.fromEnv(Map.of("CAIRN_RATE_LIMIT_ANONYMOUS", "unlimited",
                "CAIRN_RATE_LIMIT_PREMIUM_JOBS", "20/10s", "CAIRN_RATE_LIMIT_ADMIN", "1000/h")).apiLimits();

        assertThat(settings.of(ApiTier.ANONYMOUS).requests()).isEmpty();
        assertThat(settings.of(ApiTier.PREMIUM).jobs()).hasValue(new ProviderSettings.RateLimit(20, Duration.ofSeconds(10)));
        assertThat(settings.of(ApiTier.ADMIN).requests()).hasValue(new ProviderSettings.RateLimit(1000, Duration.ofHours(1)));
        assertThat(settings.of(ApiTier.PREMIUM).jobs().orElseThrow()).hasToString("20/10s");
    }

    @Test
    void shouldNameTheVariableOfABadLimit() {
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_RATE_LIMIT_API_KEY", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CAIRN_RATE_LIMIT_API_KEY").hasMessageContaining("60/min");
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_RATE_LIMIT_PREMIUM_JOBS", "5/500ms")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CAIRN_RATE_LIMIT_PREMIUM_JOBS").hasMessageContaining("1 s");
    }

    @Test
    void shouldStopStartUpOnAMissingOrBrokenKeysFileNamingTheLine() throws Exception {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_API_KEYS_FILE", missing.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CAIRN_API_KEYS_FILE").hasMessageContaining("cairn keys add");

        Path keys = dir.resolve("keys");
        Files.writeString(keys, "# producers\n\n" + ApiKeysFile.digest("a") + " api_key alpha\n" + "cairn_plaintextkey api_key beta\n");
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_API_KEYS_FILE", keys.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 4").hasMessageContaining("SHA-256")
                .hasMessageNotContaining("plaintextkey");

        Files.writeString(keys, ApiKeysFile.digest("a") + " anonymous alpha\n");
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_API_KEYS_FILE", keys.toString())))
                .hasMessageContaining("line 1").hasMessageContaining("api_key, premium or admin");

        Files.writeString(keys, ApiKeysFile.digest("a") + " api_key alpha\n" + ApiKeysFile.digest("b") + " premium alpha\n");
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_API_KEYS_FILE", keys.toString())))
                .hasMessageContaining("line 2").hasMessageContaining("'alpha'");
    }

    @Test
    void shouldAppendOnlyADigestToAFileOnlyItsOwnerReads() throws Exception {
        Path keys = dir.resolve("conf/keys");
        String key = ApiKeysFile.newKey();

        ApiKeysFile.append(keys, "billing", ApiTier.PREMIUM, key);
        ApiKeysFile.append(keys, "ingest", ApiTier.API_KEY, ApiKeysFile.newKey());

        String text = Files.readString(keys);
        assertThat(text).doesNotContain(key).contains(ApiKeysFile.digest(key) + " premium billing");
        assertThat(key).startsWith(ApiKeysFile.KEY_PREFIX).hasSizeGreaterThan(40);
        assertThat(ApiKeysFile.read(keys)).extracting(ApiKeysFile.Entry::name).containsExactly("billing", "ingest");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
        assertThatThrownBy(() -> ApiKeysFile.append(keys, "billing", ApiTier.API_KEY, ApiKeysFile.newKey()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("already has a key named 'billing'");
        assertThat(CairnConfig.fromEnv(Map.of("CAIRN_API_KEYS_FILE", keys.toString())).apiLimits().keysFile()).hasValue(keys);
    }
}
