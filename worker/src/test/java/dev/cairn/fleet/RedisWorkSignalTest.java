package dev.cairn.fleet;

import dev.cairn.metrics.MetricNames;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisSubscriber;
import dev.cairn.testing.FakeOnboarding;
import dev.cairn.testing.FreePorts;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "jobs ready" signal on a real Redis, with workers reduced to {@link FakeOnboarding}: a signal costs
 * one onboarding pass however many workers listen, busy workers leave it to idle ones, a worker that filled
 * up passes it on, a claim Redis does not answer still leads to a pass, and a burst of signals is published
 * as few messages.
 */
class RedisWorkSignalTest {

    /** Long enough for a second worker to have answered a signal if it were going to. */
    private static final Duration SETTLE = Duration.ofMillis(700);

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final URI url = TestRedis.url();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open.reversed()) closeable.close();
    }

    private WorkSignal signal(UnifiedJedis redis, MeterRegistry meters) {
        WorkSignal signal = WorkSignal.redis(redis, () -> RedisConnections.dedicated(url), keys, Clock.systemUTC(), meters);
        open.add(signal);
        return signal;
    }

    /** A worker listening on the shared channel, once it is subscribed (its catch-up pass done). */
    private FakeOnboarding listening(MeterRegistry meters) throws Exception {
        return listening(TestRedis.client(), meters);
    }

    private FakeOnboarding listening(UnifiedJedis claims, MeterRegistry meters) throws Exception {
        FakeOnboarding worker = new FakeOnboarding();
        open.add(signal(claims, meters).onJobsReady(worker));
        await("subscribed").atMost(Duration.ofSeconds(5)).until(() -> worker.passes() == 1);
        return worker;
    }

    private static int signalPasses(List<FakeOnboarding> workers) {
        return workers.stream().mapToInt(w -> w.passes() - 1).sum();
    }

    private static double count(MeterRegistry meters, String outcome) {
        return meters.get(MetricNames.WORK_SIGNALS).tag(MetricNames.TAG_OUTCOME, outcome).counter().count();
    }

    @Test
    void shouldLetOneOfFourIdleWorkersAnswerASignal() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<FakeOnboarding> fleet = new ArrayList<>();
        for (int i = 0; i < 4; i++) fleet.add(listening(meters));

        signal(TestRedis.client(), new SimpleMeterRegistry()).jobsReady();

        await().atMost(Duration.ofSeconds(5)).until(() -> signalPasses(fleet) >= 1);
        await().during(SETTLE).atMost(SETTLE.multipliedBy(3)).until(() -> signalPasses(fleet) == 1);
        assertThat(count(meters, "claimed")).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(meters, "lost") == 3.0);
        assertThat(count(meters, "unclaimed_fallback")).isZero();
    }

    @Test
    void shouldLeaveASignalToAWorkerWithAFreeThread() throws Exception {
        List<SimpleMeterRegistry> busyMeters = List.of(new SimpleMeterRegistry(), new SimpleMeterRegistry(), new SimpleMeterRegistry());
        List<FakeOnboarding> busy = new ArrayList<>();
        for (SimpleMeterRegistry meters : busyMeters) busy.add(listening(meters).free(false));
        FakeOnboarding idle = listening(new SimpleMeterRegistry());

        for (int i = 0; i < 3; i++) {
            int before = idle.passes();
            signal(TestRedis.client(), new SimpleMeterRegistry()).jobsReady();
            await().atMost(Duration.ofSeconds(5)).until(() -> idle.passes() == before + 1);
        }

        // why: at least one each; signals a busy worker hears while it still handles one are folded into it
        await().atMost(Duration.ofSeconds(5)).until(() -> busyMeters.stream().allMatch(m -> count(m, "ignored_busy") >= 1.0));
        assertThat(signalPasses(busy)).as("busy workers look for no jobs").isZero();
        assertThat(busyMeters).as("nor do they claim: every signal reached the idle worker").allSatisfy(m -> {
            assertThat(count(m, "claimed")).isZero();
            assertThat(count(m, "lost")).isZero();
        });
    }

    @Test
    void shouldPassTheSignalOnWhenTheWinnerFilledUp() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FakeOnboarding first = listening(meters);
        FakeOnboarding second = listening(meters);
        // why: each pass now fills its worker (it has no free thread after it), as a real backlog would
        first.fillsUp(true);
        second.fillsUp(true);

        signal(TestRedis.client(), new SimpleMeterRegistry()).jobsReady();

        await("the winner passed the signal on to the other idle worker").atMost(Duration.ofSeconds(5))
                .until(() -> first.passes() == 2 && second.passes() == 2);
        await().during(SETTLE).atMost(SETTLE.multipliedBy(3)).until(() -> signalPasses(List.of(first, second)) == 2);
        assertThat(count(meters, "claimed")).isEqualTo(2.0);
        await("the signal the second passed on found both busy").atMost(Duration.ofSeconds(5))
                .until(() -> count(meters, "ignored_busy") >= 2.0);
    }

    @Test
    void shouldNotPassTheSignalOnWhenTheWinnerFoundFewerJobsThanThreads() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<FakeOnboarding> fleet = List.of(listening(meters), listening(meters));

        signal(TestRedis.client(), new SimpleMeterRegistry()).jobsReady();

        await().atMost(Duration.ofSeconds(5)).until(() -> signalPasses(fleet) == 1);
        await().during(SETTLE).atMost(SETTLE.multipliedBy(3)).until(() -> signalPasses(fleet) == 1 && count(meters, "claimed") == 1.0);
    }

    @Test
    void shouldLookForJobsWhenRedisDoesNotAnswerTheClaim() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // why: it hears the channel on the shared Redis, but its claims go to a port nothing listens on
        UnifiedJedis unreachable = RedisConnections.open(URI.create("redis://127.0.0.1:" + FreePorts.loopback()));
        open.add(unreachable);
        FakeOnboarding worker = listening(unreachable, meters);

        signal(TestRedis.client(), new SimpleMeterRegistry()).jobsReady();

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.passes() == 2);
        assertThat(count(meters, "unclaimed_fallback")).isEqualTo(1.0);
        assertThat(count(meters, "claimed")).isZero();
    }

    @Test
    void shouldAnswerASignalWithoutAnIdAsEveryWorkerDidBefore() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<FakeOnboarding> fleet = List.of(listening(meters), listening(meters));

        TestRedis.client().publish(keys.jobsReady(), "1"); // what a worker of an older version sends

        await().atMost(Duration.ofSeconds(5)).until(() -> fleet.stream().allMatch(w -> w.passes() == 2));
        assertThat(count(meters, "unclaimed_fallback")).isEqualTo(2.0);
    }

    @Test
    void shouldPublishABurstOfSignalsAsFewMessages() throws Exception {
        AtomicInteger messages = new AtomicInteger();
        CountDownLatch subscribed = new CountDownLatch(1);
        RedisSubscriber counter = new RedisSubscriber(() -> RedisConnections.dedicated(url), keys.jobsReady(),
                message -> messages.incrementAndGet(), subscribed::countDown, "test-signal-counter").start();
        open.add(counter);
        assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
        WorkSignal signal = signal(TestRedis.client(), new SimpleMeterRegistry());

        long start = System.nanoTime();
        CompletableFuture.allOf(IntStream.range(0, 8).mapToObj(t -> CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 50; i++) signal.jobsReady();
        })).toArray(CompletableFuture[]::new)).join();
        long burstMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        // why: one message at once, then at most one per 5 ms gap while calls keep coming, and one for the calls of the last gap
        int most = (int) (burstMillis / 5) + 2;
        await().atMost(Duration.ofSeconds(5)).until(() -> messages.get() >= 1);
        await("400 calls in " + burstMillis + " ms, at most " + most + " messages").during(SETTLE).atMost(SETTLE.multipliedBy(3))
                .until(() -> messages.get() <= most);

        int before = messages.get();
        signal.jobsReady();
        await("a lone signal goes out at once").atMost(Duration.ofSeconds(1)).until(() -> messages.get() > before);
    }
}
