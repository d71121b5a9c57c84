package dev.cairn.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Worker leases on a real Redis: expiry by Redis' clock, renewal, forgetting and releasing. */
class RedisWorkerLeasesTest {

    private static final Duration TTL = Duration.ofMillis(300);

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final WorkerLeases leases = WorkerLeases.redis(TestRedis.client(), keys, TTL, new ObjectMapper());

    @AfterEach
    void deleteKeys() {
        TestRedis.client().del(keys.workers("leases"), keys.workers("info"));
    }

    private static WorkerInfo worker(String id, String... jobs) {
        return new WorkerInfo(id, "host-1 (pid " + id.length() + ")", List.of(jobs), 1_700_000_000_000L);
    }

    @Test
    void shouldReportALeaseAsExpiredOnlyOnceItsWorkerStoppedRenewingIt() {
        Instant expiry = leases.renew(worker("a", "job-1", "job-2"));
        assertThat(leases.expired(10)).as("a fresh lease is alive").isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> !leases.expired(10).isEmpty());
        ExpiredLease lease = leases.expired(10).get(0);
        assertThat(lease.serverId()).isEqualTo("a");
        assertThat(lease.expiredAt()).isEqualTo(expiry);
        assertThat(lease.info()).hasValueSatisfying(info -> assertThat(info.jobs()).containsExactly("job-1", "job-2"));
    }

    @Test
    void shouldKeepALeaseAliveWhileItIsRenewedWithinItsTtl() {
        leases.renew(worker("a"));
        Instant until = Instant.now().plus(TTL.multipliedBy(4));
        while (Instant.now().isBefore(until)) {
            leases.renew(worker("a"));
            assertThat(leases.expired(10)).isEmpty();
        }
    }

    @Test
    void shouldListOnlyTheExpiredLeasesOldestFirst() {
        leases.renew(worker("first"));
        await().atMost(Duration.ofSeconds(5)).until(() -> leases.expired(10).size() == 1);
        leases.renew(worker("second"));
        await().atMost(Duration.ofSeconds(5)).until(() -> leases.expired(10).size() == 2);
        leases.renew(worker("alive"));

        assertThat(leases.expired(10)).extracting(ExpiredLease::serverId).containsExactly("first", "second");
        assertThat(leases.expired(1)).extracting(ExpiredLease::serverId).containsExactly("first");
    }

    @Test
    void shouldNotForgetALeaseItsWorkerRenewedAfterItWasSeenExpired() {
        leases.renew(worker("frozen"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !leases.expired(10).isEmpty());
        ExpiredLease seen = leases.expired(10).get(0);

        leases.renew(worker("frozen")); // it woke up
        assertThat(leases.forget(seen)).as("the worker is back: its new lease stays").isFalse();
        assertThat(leases.expired(10)).isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> !leases.expired(10).isEmpty());
        assertThat(leases.forget(leases.expired(10).get(0))).isTrue();
        assertThat(leases.expired(10)).isEmpty();
        assertThat(TestRedis.client().hget(keys.workers("info"), "frozen")).as("its info goes with it").isNull();
    }

    @Test
    void shouldNeverCountAReleasedLeaseAsExpired() {
        leases.renew(worker("clean"));
        leases.release("clean");
        await().pollDelay(TTL.multipliedBy(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(leases.expired(10)).as("a worker that stopped cleanly is not a dead one").isEmpty();
    }

    @Test
    void shouldIgnoreAWorkerInfoItCannotRead() {
        leases.renew(worker("old-version"));
        TestRedis.client().hset(keys.workers("info"), "old-version", "{not json");
        await().atMost(Duration.ofSeconds(5)).until(() -> !leases.expired(10).isEmpty());
        assertThat(leases.expired(10).get(0).info()).isEmpty();
        assertThat(leases.expired(10).get(0).serverId()).isEqualTo("old-version");
    }

    @Test
    void shouldSayRedisIsUnavailableWhenItIsDown() {
        try (OwnRedis own = OwnRedis.start(); RedisClient client = RedisConnections.connect(own.url())) {
            WorkerLeases onOwn = WorkerLeases.redis(client, keys, TTL, new ObjectMapper());
            onOwn.renew(worker("a"));
            own.stop();
            assertThatThrownBy(() -> onOwn.expired(10)).isInstanceOf(dev.cairn.redis.RedisUnavailableException.class)
                    .hasMessageContaining("expired worker leases");
        }
    }
}
