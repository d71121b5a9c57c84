package dev.cairn.redis;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a worker says when the Cluster or the sentinels it was pointed at do not answer at start-up. */
class RedisConnectionsTest {

    // why: port 1 is privileged and unused, so connecting is refused at once instead of timing out
    private static final String NOTHING = "127.0.0.1:1";

    @Test
    void shouldNameTheClusterButNotItsPasswordWhenNoSeedAnswers() {
        assertThatThrownBy(() -> RedisConnections.open(URI.create("redis-cluster://:hunter2@" + NOTHING + "," + NOTHING.replace(":1", ":2"))))
                .isInstanceOf(JedisConnectionException.class)
                .hasMessageContaining("Redis Cluster at redis-cluster://:***@127.0.0.1:1,127.0.0.1:2")
                .message().doesNotContain("hunter2");
    }

    @Test
    void shouldNameTheSentinelsButNotThePasswordWhenNoneAnswers() {
        assertThatThrownBy(() -> RedisConnections.open(URI.create("redis-sentinel://:hunter2@" + NOTHING + "/mymaster")))
                .isInstanceOf(JedisConnectionException.class)
                .hasMessageContaining("Sentinel at redis-sentinel://:***@127.0.0.1:1/mymaster")
                .message().doesNotContain("hunter2");
    }

    @Test
    void shouldFailASubscriptionOnlyWhenNoSeedAnswers() {
        assertThatThrownBy(() -> RedisConnections.dedicated(URI.create("redis-cluster://" + NOTHING)))
                .isInstanceOf(JedisConnectionException.class).hasMessageContaining("no seed node");
        assertThatThrownBy(() -> RedisConnections.dedicated(URI.create("redis-sentinel://" + NOTHING + "/mymaster")))
                .isInstanceOf(JedisConnectionException.class).hasMessageContaining("no sentinel named the master 'mymaster'");
    }
}
