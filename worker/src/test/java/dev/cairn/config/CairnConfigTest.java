package dev.cairn.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CairnConfigTest {

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        CairnConfig config = CairnConfig.fromEnv(Map.of());
        assertThat(config.directories().dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.directories().inputDir()).isEqualTo(Path.of("data", "input").toAbsolutePath());
        assertThat(config.directories().outputDir()).isEqualTo(Path.of("data", "output").toAbsolutePath());
        assertThat(config.storage().redisUrl()).isEmpty();
        assertThat(config.storage().databaseUrl()).isEmpty();
        assertThat(config.storage().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.storage().redisKeyPrefix()).isEqualTo("cairn:");
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.http().bind()).isEqualTo("127.0.0.1");
        assertThat(config.http().dashboardPort()).isEqualTo(8000);
        assertThat(config.http().apiToken()).isEmpty();
        assertThat(config.checkpoints().enabled()).isTrue();
        assertThat(config.checkpoints().ttl()).isEqualTo(Duration.ofSeconds(604_800));
        assertThat(config.checkpoints().maxRetries()).isEqualTo(10);
        assertThat(config.checkpoints().retryBackoffSeed()).isEqualTo(3);
        assertThat(config.breakers()).isEqualTo(new BreakerSettings(5, Duration.ofSeconds(60), Duration.ofSeconds(60), 3));
        assertThat(config.dlq().maxEntries()).isEqualTo(10_000);
        assertThat(config.dlq().retentionDays()).isEqualTo(30);
        assertThat(config.leases().ttl()).isEqualTo(Duration.ofSeconds(6));
        assertThat(config.leases().renewEvery()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.providers()).containsExactly("offline");
    }

    @Test
    void shouldReadEveryVariableThatIsSet() {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "CAIRN_DATA_DIR", "/tmp/cairn-x",
                "CAIRN_REDIS_URL", "rediss://:secret@redis.example:6380/2",
                "CAIRN_DATABASE_URL", "jdbc:postgresql://db:5432/cairn",
                "CAIRN_TASK_CHECKPOINT_TTL", "2h",
                "CAIRN_TASK_CHECKPOINT_ENABLED", "false",
                "CAIRN_WORKER_COUNT", "8",
                "CAIRN_WORKER_LEASE_SECONDS", "15",
                "CAIRN_HTTP_BIND", "0.0.0.0",
                "CAIRN_API_TOKEN", "t0ken",
                "CAIRN_PROVIDERS", "openai, offline"));
        env.put("CAIRN_DASHBOARD_USER", "ops");
        env.put("CAIRN_DASHBOARD_PASSWORD", "s3cret");
        env.put("CAIRN_PROVIDER_OPENAI_BASE_URL", "https://api.openai.com/v1");
        env.put("CAIRN_PROVIDER_OPENAI_MODEL", "gpt-4o-mini");
        CairnConfig config = CairnConfig.fromEnv(env);
        assertThat(config.directories().inputDir()).isEqualTo(Path.of("/tmp/cairn-x/input"));
        assertThat(config.storage().redisUrl()).get().hasToString("rediss://:secret@redis.example:6380/2");
        assertThat(config.checkpoints().ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(config.checkpoints().enabled()).isFalse();
        assertThat(config.storage().workerCount()).contains(8);
        assertThat(config.leases().ttl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.providers()).containsExactly("openai", "offline");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CAIRN_HTTP_PORT|abc|CAIRN_HTTP_PORT",
            "CAIRN_HTTP_PORT|70000|CAIRN_HTTP_PORT",
            "CAIRN_REDIS_URL|http://localhost:6379|CAIRN_REDIS_URL",
            "CAIRN_REDIS_URL|redis://|CAIRN_REDIS_URL",
            "CAIRN_DATABASE_URL|postgres://x|CAIRN_DATABASE_URL",
            "CAIRN_TASK_CHECKPOINT_TTL|forever|CAIRN_TASK_CHECKPOINT_TTL",
            "CAIRN_TASK_CHECKPOINT_ENABLED|maybe|CAIRN_TASK_CHECKPOINT_ENABLED",
            "CAIRN_POLL_INTERVAL_SECONDS|1|CAIRN_POLL_INTERVAL_SECONDS",
            "CAIRN_JOB_MAX_RETRIES|-1|CAIRN_JOB_MAX_RETRIES",
            "CAIRN_JOB_MAX_CRASH_RECOVERIES|-1|CAIRN_JOB_MAX_CRASH_RECOVERIES",
            "CAIRN_WORKER_LEASE_SECONDS|1|CAIRN_WORKER_LEASE_SECONDS",
            "CAIRN_WORKER_LEASE_SECONDS|soon|CAIRN_WORKER_LEASE_SECONDS",
            "CAIRN_WORKER_COUNT|-1|CAIRN_WORKER_COUNT",
            "CAIRN_HTTP_BIND|0.0.0.0|CAIRN_HTTP_BIND",
            "CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD|0|CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD",
            "CAIRN_DLQ_CLEANUP_CRON|every day|CAIRN_DLQ_CLEANUP_CRON",
            "CAIRN_DLQ_CLEANUP_CRON|61 3 * * *|CAIRN_DLQ_CLEANUP_CRON",
            "CAIRN_DLQ_CLEANUP_CRON|0 3 * * funday|CAIRN_DLQ_CLEANUP_CRON",
            "CAIRN_PROVIDERS|Open AI|CAIRN_PROVIDERS",
            "CAIRN_LOG_FORMAT|xml|CAIRN_LOG_FORMAT",
            "CAIRN_DASHBOARD_URL|jobs.example.com|CAIRN_DASHBOARD_URL",
            "CAIRN_LOG_LEVEL|loud|CAIRN_LOG_LEVEL",
            "CAIRN_DASHBOARD_USER|admin|CAIRN_DASHBOARD_PASSWORD",
            "CAIRN_API_READ_TOKEN|r3ad|CAIRN_API_READ_TOKEN",
            "CAIRN_HTTP_ALLOWED_HOSTS|https://cairn.example.com|CAIRN_HTTP_ALLOWED_HOSTS",
            "CAIRN_HTTP_ALLOWED_HOSTS|cairn.example.com:8080|CAIRN_HTTP_ALLOWED_HOSTS",
    })
    void shouldRefuseABadValueNamingTheVariable(String variable, String value, String named) {
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(named);
    }

    @Test
    void shouldReadTheReadTokenAndTheAllowedHosts() {
        HttpSettings http = CairnConfig.fromEnv(Map.of("CAIRN_API_TOKEN", "t0ken", "CAIRN_API_READ_TOKEN", "r3ad",
                "CAIRN_HTTP_ALLOWED_HOSTS", " Cairn.Example.com, *.corp.example ,10.0.0.7,[fd00::7],")).http();
        assertThat(http.readToken()).hasValue("r3ad");
        assertThat(http.allowedHosts()).containsExactly("cairn.example.com", "*.corp.example", "10.0.0.7", "[fd00::7]");
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_API_TOKEN", "same", "CAIRN_API_READ_TOKEN", "same")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CAIRN_API_READ_TOKEN");
        assertThat(CairnConfig.fromEnv(Map.of()).http().allowedHosts()).isEmpty();
    }

    @Test
    void shouldRefuseToExposeTheDashboardBeyondLoopbackWithoutCredentials() {
        Map<String, String> exposed = Map.of("CAIRN_HTTP_BIND", "0.0.0.0", "CAIRN_API_TOKEN", "t0ken");
        assertThatThrownBy(() -> CairnConfig.fromEnv(exposed))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("CAIRN_DASHBOARD_USER")
                .hasMessageContaining("CAIRN_DASHBOARD_PORT=0");
        Map<String, String> dashboardOff = new java.util.HashMap<>(exposed);
        dashboardOff.put("CAIRN_DASHBOARD_PORT", "0");
        assertThat(CairnConfig.fromEnv(dashboardOff).http().dashboardPort()).isZero();
    }

    @Test
    void shouldNeverEchoAPasswordInAnError() {
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_DATABASE_URL", "mysql://u:hunter2@db/x?password=hunter2")))
                .isInstanceOf(ConfigException.class)
                .message().doesNotContain("hunter2");
    }

    @Test
    void shouldLinkDlqEntriesToThePublicDashboardAddressWhenOneIsSet() {
        assertThat(CairnConfig.fromEnv(Map.of()).http().dashboardUrl()).contains("http://127.0.0.1:8000");
        assertThat(CairnConfig.fromEnv(Map.of("CAIRN_DASHBOARD_URL", "https://jobs.example.com/")).http().dashboardUrl())
                .contains("https://jobs.example.com");
        assertThat(CairnConfig.fromEnv(Map.of("CAIRN_DASHBOARD_PORT", "0")).http().dashboardUrl()).isEmpty();
    }
}
