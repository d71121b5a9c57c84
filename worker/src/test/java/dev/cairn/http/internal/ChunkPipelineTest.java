package dev.cairn.http.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ChunkPipelineTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger storing = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    /** A chunk that is stored once {@code release} opens, and answers by noting its name. */
    private Supplier<Runnable> chunk(String name, CountDownLatch release) {
        return () -> {
            mostAtOnce.accumulateAndGet(storing.incrementAndGet(), Math::max);
            try {
                if (!release.await(10, TimeUnit.SECONDS)) throw new IllegalStateException(name + " never released");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                storing.decrementAndGet();
            }
            events.add("stored " + name);
            return () -> events.add("answered " + name);
        };
    }

    @Test
    void shouldStoreTwoChunksAtOnceAndAnswerThemInOrder() {
        ChunkPipeline pipeline = new ChunkPipeline();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        pipeline.start(chunk("1", first), false);
        pipeline.start(chunk("2", second), false);

        await().atMost(Duration.ofSeconds(5)).until(() -> storing.get() == 2);
        second.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("stored 2"));
        assertThat(events).as("the second chunk waits for the first one's answer").containsExactly("stored 2");
        first.countDown();
        pipeline.await();

        assertThat(events).containsExactly("stored 2", "stored 1", "answered 1", "answered 2");
    }

    @Test
    void shouldNeverHaveMoreThanTwoChunksInFlight() {
        ChunkPipeline pipeline = new ChunkPipeline();
        CountDownLatch open = new CountDownLatch(1);
        Thread feeder = Thread.ofVirtual().start(() -> {
            for (int i = 1; i <= 5; i++) pipeline.start(chunk(Integer.toString(i), open), false);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> storing.get() == ChunkPipeline.DEPTH);
        assertThat(feeder.isAlive()).as("the third chunk waits for room").isTrue();
        open.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> !feeder.isAlive());
        pipeline.await();

        assertThat(mostAtOnce.get()).isEqualTo(ChunkPipeline.DEPTH);
        assertThat(events.stream().filter(e -> e.startsWith("answered")))
                .containsExactly("answered 1", "answered 2", "answered 3", "answered 4", "answered 5");
    }

    @Test
    void shouldStartAChunkWithIdempotencyKeysOnlyWhenNoOtherIsInFlight() {
        ChunkPipeline pipeline = new ChunkPipeline();
        CountDownLatch unkeyed = new CountDownLatch(1);
        CountDownLatch keyed = new CountDownLatch(1);
        keyed.countDown();
        pipeline.start(chunk("plain", unkeyed), false);
        Thread feeder = Thread.ofVirtual().start(() -> pipeline.start(chunk("keyed", keyed), true));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> storing.get() == 1 && feeder.isAlive());
        unkeyed.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> !feeder.isAlive());
        pipeline.await();

        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(events).containsExactly("stored plain", "answered plain", "stored keyed", "answered keyed");
    }

    @Test
    void shouldAnswerNothingAfterAChunkWhoseAnswerFailedAndRethrowItsFailure() {
        ChunkPipeline pipeline = new ChunkPipeline();
        CountDownLatch open = new CountDownLatch(1);
        pipeline.start(() -> () -> {
            throw new UncheckedIOException(new IOException("the client went away"));
        }, false);
        pipeline.start(chunk("2", open), false);
        open.countDown();

        assertThatThrownBy(pipeline::await).isInstanceOf(UncheckedIOException.class).hasMessageContaining("went away");
        assertThat(events).as("stored, but not answered into a broken response").containsExactly("stored 2");
        pipeline.await(); // nothing left in flight
    }

    @Test
    void shouldKeepNoAnsweredChunkReachable() {
        ChunkPipeline pipeline = new ChunkPipeline();
        List<WeakReference<Object>> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Object parsedLines = new byte[1 << 20];
            lines.add(new WeakReference<>(parsedLines));
            pipeline.start(() -> () -> events.add("answered " + System.identityHashCode(parsedLines)), false);
        }
        pipeline.await();

        // why: a batch of 100,000 lines must not keep every chunk it stored until the request ends
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return lines.stream().allMatch(ref -> ref.get() == null);
        });
        assertThat(events).hasSize(50);
    }
}
