package dev.cairn.redis;

import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Script calls of many threads share pipelines (the checkpoint writes of a busy worker): every caller gets
 * its own reply or its own error, on a real Redis. Calls are made to pile up by pausing a Redis the test owns
 * ({@code CLIENT PAUSE}), so they go out as one batch when it answers again.
 */
class ScriptGroupCommitTest {

    private static final LuaScript ECHO = LuaScript.fromResource(ScriptGroupCommitTest.class, "group-commit-echo.lua");

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        threads.shutdownNow();
        for (AutoCloseable c : closing.reversed()) c.close();
    }

    @Test
    void shouldGiveEveryCallerItsOwnReplyWhenHundredsOfThreadsWriteAtOnce() {
        RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
        ScriptGroupCommit scripts = new ScriptGroupCommit(TestRedis.client(), null, ScriptGroupCommit.DEFAULT_MAX_BATCH);
        List<CompletableFuture<List<Object>>> callers = new ArrayList<>();
        for (int t = 0; t < 300; t++) {
            String key = keys.checkpoint("caller-" + t);
            int thread = t;
            callers.add(call(() -> {
                List<Object> replies = new ArrayList<>();
                for (int i = 0; i < 20; i++) replies.add(scripts.run(ECHO, List.of(key), List.of("ok", thread + "/" + i)));
                return replies;
            }));
        }
        try {
            for (int t = 0; t < callers.size(); t++) {
                List<Object> expected = new ArrayList<>();
                for (int i = 0; i < 20; i++) expected.add(t + "/" + i);
                assertThat(callers.get(t).join()).as("caller %d's replies, in its order", t).isEqualTo(expected);
                assertThat(TestRedis.client().get(keys.checkpoint("caller-" + t))).as("caller %d's calls Redis ran", t).isEqualTo("20");
            }
        } finally {
            for (int t = 0; t < 300; t++) TestRedis.client().del(keys.checkpoint("caller-" + t));
        }
    }

    @Test
    void shouldFailOnlyTheCallRedisRefusedWhenItSharesABatch() {
        Served own = ownRedisWithScriptLoaded();

        pause(own.redis(), 400);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String answer = "call-" + i;
            String verdict = i % 3 == 0 ? "refuse" : "ok";
            calls.add(call(() -> own.scripts().run(ECHO, List.of("counter"), List.of(verdict, answer))));
        }

        for (int i = 0; i < calls.size(); i++) {
            CompletableFuture<Object> call = calls.get(i);
            if (i % 3 == 0) {
                assertThatThrownBy(call::join).cause().isInstanceOf(JedisDataException.class).hasMessage("REFUSED call-" + i);
            } else {
                assertThat(call.join()).isEqualTo("call-" + i);
            }
        }
        assertThat(own.client().get("counter")).as("the calls Redis ran: every call not refused, once").isEqualTo(String.valueOf(40 - 14));
    }

    @Test
    void shouldRunTheScriptAgainWhenRedisLostItsScriptCacheWhileCallsWereQueued() {
        Served own = ownRedisWithScriptLoaded();
        own.client().scriptFlush();

        pause(own.redis(), 300);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String answer = "after-flush-" + i;
            calls.add(call(() -> own.scripts().run(ECHO, List.of("counter"), List.of("ok", answer))));
        }

        for (int i = 0; i < calls.size(); i++) assertThat(calls.get(i).join()).isEqualTo("after-flush-" + i);
        assertThat(own.client().get("counter")).isEqualTo("10");
    }

    @Test
    void shouldFailEveryQueuedCallWhenRedisIsDownAndAnswerAgainOnceItIsBack() {
        Served own = ownRedisWithScriptLoaded();
        own.redis().stop();

        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) calls.add(call(() -> own.scripts().run(ECHO, List.of("counter"), List.of("ok", "lost"))));
        for (CompletableFuture<Object> call : calls) {
            assertThatThrownBy(call::join).cause().isInstanceOf(JedisException.class)
                    .satisfies(e -> assertThat(RedisErrors.isOutage((JedisException) e)).as("an outage the job waits out: %s", e).isTrue());
        }

        own.redis().restart();
        assertThat(own.scripts().run(ECHO, List.of("counter"), List.of("ok", "back"))).isEqualTo("back");
    }

    @Test
    void shouldRefuseQueuedCallsAtOnceWhileTheClientsBreakerIsOpen() {
        OwnRedis redis = own();
        RedisCircuitBreaker breaker = RedisCircuitBreaker.create(1, Clock.systemUTC(), new SimpleMeterRegistry());
        UnifiedJedis client = client(redis, breaker);
        ScriptGroupCommit scripts = new ScriptGroupCommit(client, breaker, ScriptGroupCommit.DEFAULT_MAX_BATCH);
        redis.stop();
        assertThatThrownBy(() -> scripts.run(ECHO, List.of("counter"), List.of("ok", "first"))).isInstanceOf(JedisException.class);
        assertThat(breaker.snapshot().state()).isEqualTo(RedisCircuitBreaker.State.OPEN);

        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) calls.add(call(() -> scripts.run(ECHO, List.of("counter"), List.of("ok", "refused"))));
        for (CompletableFuture<Object> call : calls) {
            assertThatThrownBy(call::join).hasMessageContaining("circuit breaker is open");
        }
        assertThat(breaker.snapshot().rejectedCalls()).as("calls the breaker refused without trying Redis").isGreaterThanOrEqualTo(1);
        assertThat(breaker.snapshot().failedCalls()).as("connection attempts").isEqualTo(1);
    }

    @Test
    void shouldCompleteTheWriteOfAnInterruptedVirtualThreadAndHandItsInterruptBack() throws Exception {
        RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
        ScriptGroupCommit scripts = new ScriptGroupCommit(TestRedis.client(), null, ScriptGroupCommit.DEFAULT_MAX_BATCH);
        String key = keys.checkpoint("interrupted");
        AtomicReference<Object> reply = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        try {
            Thread caller = Thread.ofVirtual().start(() -> {
                Thread.currentThread().interrupt(); // e.g. JobRunr telling a job that another server took it over
                try {
                    reply.set(scripts.run(ECHO, List.of(key), List.of("ok", "written")));
                } catch (RuntimeException e) {
                    reply.set(e);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            caller.join();
            // why: a virtual thread's socket read with its interrupt set closes the connection: the write (and a whole
            // batch of other threads' writes, when this thread sends one) failed as a Redis outage
            assertThat(reply.get()).isEqualTo("written");
            assertThat(stillInterrupted).as("the caller still sees its interrupt").isTrue();
            assertThat(TestRedis.client().get(key)).isEqualTo("1");
        } finally {
            TestRedis.client().del(key);
        }
    }

    @Test
    void shouldLetAnInterruptedCallerWaitForItsBatchWithoutSpinning() throws Exception {
        Served own = ownRedisWithScriptLoaded();
        pause(own.redis(), 1_500);
        Thread sender = Thread.ofPlatform().start(() -> own.scripts().run(ECHO, List.of("counter"), List.of("ok", "first")));
        await().until(() -> sendingToRedis(sender));

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        AtomicReference<Object> reply = new AtomicReference<>();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread waiter = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            long before = cpu.getCurrentThreadCpuTime();
            reply.set(own.scripts().run(ECHO, List.of("counter"), List.of("ok", "second")));
            cpuNanos.set(cpu.getCurrentThreadCpuTime() - before);
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        sender.join();
        waiter.join();

        assertThat(reply.get()).isEqualTo("second");
        assertThat(stillInterrupted).isTrue();
        // why: a waiter whose park returned at once (its interrupt set) spun for the whole pause, a core's worth of
        // CPU; on virtual threads two of them held both carriers of a 2-core machine and the worker froze
        assertThat(Duration.ofNanos(cpuNanos.get())).as("CPU the waiter used during a 1.5 s pause").isLessThan(Duration.ofMillis(300));
    }

    /** Whether a thread is inside a group commit's socket call (the paused Redis holds it there). */
    private static boolean sendingToRedis(Thread thread) {
        List<String> frames = Arrays.stream(thread.getStackTrace()).map(StackTraceElement::getClassName).toList();
        return frames.contains(ScriptGroupCommit.class.getName()) && frames.stream().anyMatch(c -> c.startsWith("java.net") || c.startsWith("sun.nio"));
    }

    private <T> CompletableFuture<T> call(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, threads);
    }

    /** A Redis of the test's own, a client without breaker, and a group commit that has run the script once (cached). */
    private Served ownRedisWithScriptLoaded() {
        OwnRedis redis = own();
        UnifiedJedis client = client(redis, null);
        ScriptGroupCommit scripts = new ScriptGroupCommit(client, null, ScriptGroupCommit.DEFAULT_MAX_BATCH);
        scripts.run(ECHO, List.of("warm"), List.of("ok", "loaded"));
        return new Served(redis, client, scripts);
    }

    private record Served(OwnRedis redis, UnifiedJedis client, ScriptGroupCommit scripts) {
    }

    private OwnRedis own() {
        OwnRedis redis = OwnRedis.start();
        closing.add(redis);
        return redis;
    }

    private UnifiedJedis client(OwnRedis redis, RedisCircuitBreaker breaker) {
        UnifiedJedis client = RedisConnections.open(redis.url(), breaker);
        closing.add(client);
        return client;
    }

    /** Every client's commands wait until the pause ends by itself; what they send meanwhile piles up. */
    private static void pause(OwnRedis redis, int millis) {
        try (Jedis admin = new Jedis(redis.url())) {
            admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", String.valueOf(millis), "ALL");
        }
    }
}
