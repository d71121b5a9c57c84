package dev.cairn.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.HostAndPort;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The URL forms of {@code CAIRN_REDIS_URL}: what each means, what is refused, and that a password never shows. */
class RedisUrlTest {

    @Test
    void shouldReadAStandaloneUrlAsBefore() {
        RedisUrl url = RedisUrl.parse("rediss://app:s3cret@redis.example:6380/2");
        assertThat(url.mode()).isEqualTo(RedisUrl.Mode.STANDALONE);
        assertThat(url.tls()).isTrue();
        assertThat(url.nodes()).containsExactly(new HostAndPort("redis.example", 6380));
        assertThat(url.user()).contains("app");
        assertThat(url.password()).contains("s3cret");
        assertThat(url.database()).isEqualTo(2);
        assertThat(RedisUrl.parse("redis://localhost").nodes()).containsExactly(new HostAndPort("localhost", 6379));
        assertThat(RedisUrl.parse("redis://[::1]:6380").nodes()).containsExactly(new HostAndPort("::1", 6380));
    }

    @Test
    void shouldReadEveryClusterSeedNode() {
        RedisUrl url = RedisUrl.parse("redis-cluster://:pw@10.0.0.1:7000,10.0.0.2:7001,redis-3/");
        assertThat(url.mode()).isEqualTo(RedisUrl.Mode.CLUSTER);
        assertThat(url.tls()).isFalse();
        assertThat(url.nodes()).containsExactly(new HostAndPort("10.0.0.1", 7000), new HostAndPort("10.0.0.2", 7001),
                new HostAndPort("redis-3", 6379));
        assertThat(url.password()).contains("pw");
        assertThat(url.user()).isEmpty();
        assertThat(url.database()).isZero();
        assertThat(RedisUrl.parse("rediss-cluster://a:7000,b:7000").tls()).isTrue();
    }

    @Test
    void shouldReadTheSentinelsTheMasterNameAndTheDatabase() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://default:pw@s1:26380,s2/my%20master?db=3");
        assertThat(url.mode()).isEqualTo(RedisUrl.Mode.SENTINEL);
        assertThat(url.nodes()).containsExactly(new HostAndPort("s1", 26380), new HostAndPort("s2", 26379));
        assertThat(url.masterName()).contains("my master");
        assertThat(url.database()).isEqualTo(3);
        assertThat(url.user()).contains("default");
        assertThat(RedisUrl.parse("rediss-sentinel://s1/mymaster").tls()).isTrue();
        assertThat(RedisUrl.parse("redis-sentinel://s1/mymaster").database()).isZero();
    }

    @Test
    void shouldKeepAPlusInAPasswordAndDecodePercentEscapes() {
        assertThat(RedisUrl.parse("redis://:a+b%40c@h:1").password()).contains("a+b@c");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://localhost:6379",
            "redis://",
            "redis://a:6379,b:6379",
            "redis://h:notaport",
            "redis://h:70000",
            "redis://h:6379/x",
            "redis-cluster://a:7000,,b:7000",
            "redis-cluster://a:7000,b:7000/3",
            "redis-cluster://a:7000?db=1",
            "redis-sentinel://s1:26379",
            "redis-sentinel://s1:26379/",
            "redis-sentinel://s1:26379/mymaster?db=x",
            "redis-sentinel://s1:26379/mymaster?timeout=5",
    })
    void shouldRefuseAUrlItCouldNotConnectWith(String url) {
        assertThatThrownBy(() -> RedisUrl.parse(url)).isInstanceOf(IllegalArgumentException.class).message().isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://user:hunter2@h:notaport",
            "redis://:hunter2",
            "redis-cluster://:hunter2@a:1,b:x",
            "redis-sentinel://u:hunter2@s1",
            "redis://:hunter2%zz@h:1",
    })
    void shouldNeverEchoThePasswordWhenRefusing(String url) {
        assertThatThrownBy(() -> RedisUrl.parse(url)).message().doesNotContain("hunter2");
    }

    @Test
    void shouldHideThePasswordOfEveryForm() {
        assertThat(RedisConnections.redact(URI.create("redis://:pw1@h:6379/0"))).isEqualTo("redis://:***@h:6379/0");
        assertThat(RedisConnections.redact(URI.create("rediss://app:pw2@h:6380"))).isEqualTo("rediss://app:***@h:6380");
        assertThat(RedisConnections.redact(URI.create("redis-cluster://:pw3@a:7000,b:7001/")))
                .isEqualTo("redis-cluster://:***@a:7000,b:7001/");
        assertThat(RedisConnections.redact(URI.create("redis-sentinel://u:pw4@s1:26379,s2:26379/mymaster?db=1")))
                .isEqualTo("redis-sentinel://u:***@s1:26379,s2:26379/mymaster?db=1");
        assertThat(RedisConnections.redact(URI.create("redis://h:6379"))).isEqualTo("redis://h:6379");
        assertThat(RedisUrl.parse("redis-cluster://:pw5@a:7000").toString()).doesNotContain("pw5");
    }

    @Test
    void shouldLeaveClusterAndSentinelUrlsToOpenNotConnect() {
        assertThatThrownBy(() -> RedisConnections.connect(URI.create("redis-cluster://a:7000,b:7001")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("open()");
    }
}
