package dev.cairn.config;

import dev.cairn.config.ProviderSettings.RateLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderSettingsTest {

    private static final String KEY = "sk-config-TEST-0a1b2c3d4e5f-SECRET";

    private static Map<String, String> openAi() {
        Map<String, String> env = new HashMap<>();
        env.put("CAIRN_PROVIDERS", "openai,local,offline");
        env.put("CAIRN_PROVIDER_OPENAI_BASE_URL", "https://api.openai.com/v1/");
        env.put("CAIRN_PROVIDER_OPENAI_API_KEY", KEY);
        env.put("CAIRN_PROVIDER_OPENAI_MODEL", "gpt-4o-mini");
        env.put("CAIRN_PROVIDER_OPENAI_RATE_LIMIT", "60/min");
        env.put("CAIRN_PROVIDER_OPENAI_TIMEOUT", "45s");
        env.put("CAIRN_PROVIDER_LOCAL_BASE_URL", "http://127.0.0.1:11434/v1");
        env.put("CAIRN_PROVIDER_LOCAL_MODEL", "llama3");
        return env;
    }

    @Test
    void shouldNeedNothingForTheOfflineProvider() {
        assertThat(CairnConfig.fromEnv(Map.of()).providerSettings()).isEmpty();
        assertThat(CairnConfig.fromEnv(Map.of("CAIRN_PROVIDERS", "offline")).providerSettings()).isEmpty();
    }

    @Test
    void shouldReadEveryProviderInFailoverOrder() {
        CairnConfig config = CairnConfig.fromEnv(openAi());

        assertThat(config.providers()).containsExactly("openai", "local", "offline");
        assertThat(config.providerSettings().keySet()).containsExactly("openai", "local");
        ProviderSettings openai = config.providerSettings().get("openai");
        assertThat(openai.name()).isEqualTo("openai");
        assertThat(openai.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(openai.apiKey()).map(ProviderSettings.Secret::reveal).contains(KEY);
        assertThat(openai.model()).isEqualTo("gpt-4o-mini");
        assertThat(openai.rateLimit()).contains(new RateLimit(60, Duration.ofMinutes(1)));
        assertThat(openai.timeout()).isEqualTo(Duration.ofSeconds(45));
        ProviderSettings local = config.providerSettings().get("local");
        assertThat(local.apiKey()).isEmpty();
        assertThat(local.rateLimit()).isEmpty();
        assertThat(local.timeout()).isEqualTo(ProviderSettings.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CAIRN_PROVIDER_OPENAI_BASE_URL|",
            "CAIRN_PROVIDER_OPENAI_BASE_URL|api.openai.com/v1",
            "CAIRN_PROVIDER_OPENAI_BASE_URL|ftp://api.openai.com/v1",
            "CAIRN_PROVIDER_OPENAI_BASE_URL|https://",
            "CAIRN_PROVIDER_OPENAI_BASE_URL|https://api.openai.com/v1?key=abc",
            "CAIRN_PROVIDER_OPENAI_BASE_URL|https://user:pw@api.openai.com/v1",
            "CAIRN_PROVIDER_OPENAI_BASE_URL|https://exa mple.com",
            "CAIRN_PROVIDER_OPENAI_MODEL|",
            "CAIRN_PROVIDER_OPENAI_MODEL|'   '",
            "CAIRN_PROVIDER_OPENAI_RATE_LIMIT|sixty",
            "CAIRN_PROVIDER_OPENAI_RATE_LIMIT|60",
            "CAIRN_PROVIDER_OPENAI_RATE_LIMIT|0/min",
            "CAIRN_PROVIDER_OPENAI_RATE_LIMIT|60/fortnight",
            "CAIRN_PROVIDER_OPENAI_RATE_LIMIT|5/10ms",
            "CAIRN_PROVIDER_OPENAI_RATE_LIMIT|5/30d",
            "CAIRN_PROVIDER_OPENAI_TIMEOUT|soon",
            "CAIRN_PROVIDER_OPENAI_TIMEOUT|10ms",
            "CAIRN_PROVIDER_OPENAI_TIMEOUT|2d",
            "CAIRN_PROVIDER_OPENAI_API_KEY|sk-has a space",
            "CAIRN_PROVIDER_LOCAL_BASE_URL|",
            "CAIRN_PROVIDER_LOCAL_MODEL|",
    })
    void shouldRefuseABadValueNamingTheVariable(String variable, String value) {
        Map<String, String> env = openAi();
        if (value == null) env.remove(variable);
        else env.put(variable, value);

        assertThatThrownBy(() -> CairnConfig.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + " ");
    }

    @Test
    void shouldNeverEchoTheKeyOrUrlCredentialsInAnError() {
        Map<String, String> env = openAi();
        env.put("CAIRN_PROVIDER_OPENAI_API_KEY", KEY.replace("-TEST-", " TEST\t"));
        assertThatThrownBy(() -> CairnConfig.fromEnv(env)).message().doesNotContain("sk-config").doesNotContain("SECRET");

        env.put("CAIRN_PROVIDER_OPENAI_API_KEY", KEY);
        env.put("CAIRN_PROVIDER_OPENAI_BASE_URL", "https://me:hunter2@api.openai.com/v1");
        assertThatThrownBy(() -> CairnConfig.fromEnv(env)).message().doesNotContain("hunter2");
    }

    @Test
    void shouldKeepTheKeyOutOfToString() {
        ProviderSettings settings = CairnConfig.fromEnv(openAi()).providerSettings().get("openai");

        assertThat(settings.toString()).doesNotContain(KEY).contains("***");
        assertThat(settings.apiKey().orElseThrow()).hasToString("***");
    }

    @Test
    void shouldRequireSettingsOnlyForListedProviders() {
        Map<String, String> env = openAi();
        env.put("CAIRN_PROVIDERS", "offline");

        assertThat(CairnConfig.fromEnv(env).providerSettings()).isEmpty();
        assertThat(ProviderSettings.variable("my_llm", "BASE_URL")).isEqualTo("CAIRN_PROVIDER_MY_LLM_BASE_URL");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "60/min|60|PT1M",
            "60/m|60|PT1M",
            "10/s|10|PT1S",
            "10 / sec|10|PT1S",
            "1000/h|1000|PT1H",
            "1000/hour|1000|PT1H",
            "5000/d|5000|PT24H",
            "30/10s|30|PT10S",
            "2/500ms|2|PT0.5S",
            "100/5MIN|100|PT5M",
    })
    void shouldParseRateLimits(String text, long permits, String period) {
        assertThat(RateLimit.parse("V", text)).isEqualTo(new RateLimit(permits, Duration.parse(period)));
    }
}
