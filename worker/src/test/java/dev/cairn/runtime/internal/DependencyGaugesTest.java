package dev.cairn.runtime.internal;

import dev.cairn.tasks.PeriodicTasks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DependencyGaugesTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PeriodicTasks tasks = PeriodicTasks.start(meters, Clock.systemUTC());
    private final DependencyGauges gauges = new DependencyGauges(tasks, meters, Duration.ofMillis(50), Duration.ofMillis(400));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        gauges.close();
        tasks.close();
    }

    private double value(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void shouldFollowTheProbeDownAndBackUp() {
        AtomicBoolean answers = new AtomicBoolean(true);
        gauges.watch("test-probe", "test.up", "test", new SharedProbe(() -> {
            if (!answers.get()) throw new IllegalStateException("connection refused");
        }));

        await().atMost(Duration.ofSeconds(5)).until(() -> value("test.up") == 1);
        answers.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> value("test.up") == 0);
        answers.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> value("test.up") == 1);
    }

    @Test
    void shouldReadZeroWhileAProbeHangsWithoutBlockingTheReader() {
        AtomicBoolean hang = new AtomicBoolean();
        gauges.watch("test-probe", "test.up", "test", new SharedProbe(() -> {
            if (hang.get()) release.await();
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> value("test.up") == 1);

        hang.set(true);

        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> value("test.up") == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("goes stale after 400 ms, not never").isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shouldStartAtZeroUntilTheFirstProbeAnswers() {
        gauges.watch("test-probe", "test.up", "test", new SharedProbe(release::await));

        assertThat(value("test.up")).isZero();
    }
}
