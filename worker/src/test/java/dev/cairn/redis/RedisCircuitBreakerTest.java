package dev.cairn.redis;

import dev.cairn.tasks.PeriodicTasks;
import dev.cairn.testing.OwnRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue #16 part 2: the worker's Redis client behind a breaker, on a Redis the test owns: stopped, hung
 * ({@code CLIENT PAUSE}) and started again.
 */
class RedisCircuitBreakerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PeriodicTasks tasks = PeriodicTasks.start(meters, Clock.systemUTC());
    private final RedisCircuitBreaker breaker = RedisCircuitBreaker.create(3, Clock.systemUTC(), meters);
    private final OwnRedis redis = OwnRedis.start();
    private final UnifiedJedis client = RedisConnections.open(redis.url(), breaker);
    private final AutoCloseable probing = breaker.startProbing(tasks, Duration.ofMillis(100), client::ping);
    // why: threads of their own; the common pool may have one thread on 2 cores, and hung calls must wait side by side
    private final ExecutorService callers = Executors.newFixedThreadPool(3);

    @AfterEach
    void close() throws Exception {
        callers.shutdownNow();
        probing.close();
        client.close();
        tasks.close();
        redis.close();
    }

    @Test
    void shouldFailFastOnceOpenAndCloseWhenRedisAnswersAgain() {
        client.set("k", "v");
        assertThat(breaker.snapshot().state()).isEqualTo(RedisCircuitBreaker.State.CLOSED);

        redis.stop();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.get("k")).isInstanceOf(JedisConnectionException.class);
        }

        assertThat(breaker.snapshot().state()).isEqualTo(RedisCircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> client.get("k")).isInstanceOf(JedisConnectionException.class)
                .hasMessageContaining("circuit breaker is open");
        assertThat(breaker.snapshot().rejectedCalls()).isEqualTo(1);
        assertThat(breaker.snapshot().lastFailureAt()).isNotNull();
        assertThat(meters.get("cairn.redis.breaker.state").tag("state", "open").gauge().value()).isEqualTo(1);

        redis.restart();

        await().atMost(Duration.ofSeconds(10)).until(() -> breaker.snapshot().state() == RedisCircuitBreaker.State.CLOSED);
        assertThat(client.get("k")).as("the data came back with the restart (AOF)").isEqualTo("v");
        assertThat(meters.get("cairn.redis.breaker.calls").tag("outcome", "rejected").counter().count()).isGreaterThanOrEqualTo(1);
    }

    /** A hung Redis is where the breaker pays: each call would wait out its 2 s timeout; past the threshold none waits. */
    @Test
    void shouldStopWaitingOnAHungRedisAfterTheThreshold() throws Exception {
        client.ping();
        try (Jedis admin = new Jedis(redis.url())) {
            // why: the pause ends by itself; a new connection cannot send UNPAUSE (its handshake is paused too)
            admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", "6000", "ALL");
        }
        List<CompletableFuture<Void>> hung = new ArrayList<>();
        for (int i = 0; i < 3; i++) hung.add(CompletableFuture.runAsync(() -> client.get("k"), callers));
        for (CompletableFuture<Void> call : hung) {
            assertThatThrownBy(call::join).hasCauseInstanceOf(JedisConnectionException.class);
        }

        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> client.get("k")).hasMessageContaining("circuit breaker is open");
        }
        RedisCircuitBreaker.Snapshot open = breaker.snapshot();
        assertThat(open.failedCalls()).as("only the calls before it opened waited for their timeout").isEqualTo(3);
        assertThat(open.rejectedCalls()).isEqualTo(20);

        await().atMost(Duration.ofSeconds(20)).until(() -> breaker.snapshot().state() == RedisCircuitBreaker.State.CLOSED);
        assertThat(client.ping()).isEqualTo("PONG");
    }

    @Test
    void shouldCountAnErrorReplyAsRedisAnswering() {
        client.set("text", "not a number");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> client.incr("text")).hasMessageContaining("not an integer");
        }
        assertThat(breaker.snapshot().state()).isEqualTo(RedisCircuitBreaker.State.CLOSED);
        assertThat(breaker.snapshot().failedCalls()).isZero();
    }
}
