package dev.cairn.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code CAIRN_REDIS_URL} takes a server, a Cluster's seed nodes or Sentinel, and refuses the rest at start-up. */
class RedisUrlSettingTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://:pw@redis.example:6379/1",
            "redis-cluster://:pw@10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000",
            "rediss-cluster://app:pw@redis-0.redis:6379,redis-1.redis:6379/",
            "redis-sentinel://:pw@sentinel-0:26379,sentinel-1:26379/mymaster?db=2",
            "rediss-sentinel://sentinel-0/mymaster",
    })
    void shouldAcceptEveryDocumentedForm(String url) {
        assertThat(CairnConfig.fromEnv(Map.of("CAIRN_REDIS_URL", url)).storage().redisUrl()).get().hasToString(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://:hunter2@a:6379,b:6379",
            "redis-cluster://:hunter2@a:7000,b:7000/2",
            "redis-sentinel://:hunter2@s1:26379",
            "redis-sentinel://:hunter2@s1:26379/mymaster?db=two",
            "memcached://:hunter2@a:11211",
    })
    void shouldRefuseABadRedisUrlNamingTheVariableWithoutItsPassword(String url) {
        assertThatThrownBy(() -> CairnConfig.fromEnv(Map.of("CAIRN_REDIS_URL", url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("CAIRN_REDIS_URL")
                .message().doesNotContain("hunter2");
    }
}
