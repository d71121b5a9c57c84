package dev.cairn.redis;

import dev.cairn.checkpoint.CheckpointStore;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #14 item 6: only an outage is a wait; Redis refusing a command is an ordinary failure. */
class RedisErrorsTest {

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());

    @Test
    void shouldFailInsteadOfWaitingWhenRedisRefusesACheckpointCommand() {
        String job = UUID.randomUUID().toString();
        TestRedis.client().set(keys.checkpoint(job), "not a hash"); // WRONGTYPE for every checkpoint command
        CheckpointStore store = CheckpointStore.redis(TestRedis.client(), keys, Duration.ofHours(1), Clock.systemUTC(), new SimpleMeterRegistry());
        try {
            assertThatThrownBy(() -> store.read(job)).isInstanceOf(RedisCommandException.class)
                    .isNotInstanceOf(RedisUnavailableException.class)
                    .hasMessageStartingWith("Redis refused reading the checkpoint of job " + job + ": WRONGTYPE");
            assertThatThrownBy(() -> store.begin(job, "p", List.of("one"))).isInstanceOf(RedisCommandException.class)
                    .hasMessageContaining("WRONGTYPE");
        } finally {
            TestRedis.client().del(keys.checkpoint(job));
        }
    }

    @Test
    void shouldWaitOnlyForOutages() {
        assertThat(RedisErrors.isOutage(new JedisConnectionException("Connection refused"))).isTrue();
        assertThat(RedisErrors.isOutage(new JedisConnectionException(new java.net.SocketTimeoutException("Read timed out")))).isTrue();
        assertThat(RedisErrors.isOutage(new JedisDataException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(RedisErrors.isOutage(new JedisBusyException("BUSY Redis is busy running a script"))).isTrue();
        assertThat(RedisErrors.isOutage(new JedisDataException("READONLY You can't write against a read only replica."))).isTrue();
        assertThat(RedisErrors.isOutage(new JedisDataException("ERR Error running script (call to f_x): @user_script:13: "
                + "@user_script: 13: -READONLY You can't write against a read only replica."))).as("Redis 6 inside a script").isTrue();
        assertThat(RedisErrors.isOutage(new JedisDataException("TRYAGAIN Multiple keys request during rehashing of slot"))).isTrue();
        assertThat(RedisErrors.isOutage(new JedisDataException("MASTERDOWN Link with MASTER is down"))).isTrue();

        assertThat(RedisErrors.isOutage(new JedisDataException("NOPERM this user has no permissions to run the 'evalsha' command"))).isFalse();
        assertThat(RedisErrors.isOutage(new JedisDataException("WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(RedisErrors.isOutage(new JedisDataException("OOM command not allowed when used memory > 'maxmemory'."))).isFalse();
        assertThat(RedisErrors.isOutage(new JedisDataException("ERR user_script:3: attempt to compare nil with number"))).isFalse();
        assertThat(RedisErrors.classify("x", new JedisDataException("NOPERM no"))).isInstanceOf(RedisCommandException.class);
        assertThat(RedisErrors.classify("x", new JedisConnectionException("down"))).isInstanceOf(RedisUnavailableException.class);
    }
}
