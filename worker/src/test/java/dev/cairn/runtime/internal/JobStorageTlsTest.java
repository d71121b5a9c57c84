package dev.cairn.runtime.internal;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigException;
import dev.cairn.testing.TestDatabase;
import dev.cairn.testing.TestEnv;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * PostgreSQL TLS is set with the JDBC driver's own parameters in {@code CAIRN_DATABASE_URL}: they reach
 * the driver unchanged, so {@code sslmode=require} connects over TLS to a server that offers it and
 * refuses, naming the variable, a server that does not.
 */
class JobStorageTlsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldHonourSslModeRequireInTheDatabaseUrl() throws Exception {
        assumeTrue(TestDatabase.jdbcUrl().isPresent(), "needs PostgreSQL (CAIRN_TEST_DATABASE_URL or Docker)");
        String url = TestDatabase.jdbcUrl().get();
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.put("CAIRN_DATABASE_URL", url + (url.contains("?") ? "&" : "?") + "sslmode=require&connectTimeout=5");
        CairnConfig config = CairnConfig.fromEnv(env);
        if (serverOffersTls(url)) {
            try (JobStorage storage = JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper())) {
                storage.ping();
            }
        } else {
            assertThatThrownBy(() -> JobStorage.open(config.storage(), config.directories(), new JacksonJsonMapper()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("CAIRN_DATABASE_URL")
                    .hasMessageContaining("SSL");
        }
    }

    private static boolean serverOffersTls(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("show ssl")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1).equals("on");
        }
    }
}
