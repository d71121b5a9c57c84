package dev.cairn.tasks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cairn.tasks.internal.ScheduledTasks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The worker's one scheduler: rhythm, isolation of a hung run, metrics, one log line per outage, clean stop. */
class PeriodicTasksTest {

    private static final Duration FAST = Duration.ofMillis(20);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PeriodicTasks tasks = PeriodicTasks.start(meters, Clock.systemUTC());
    private final Logger log = (Logger) LoggerFactory.getLogger(ScheduledTasks.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void captureLog() {
        lines.start();
        log.addAppender(lines);
    }

    @AfterEach
    void stop() {
        release.countDown();
        tasks.close();
        log.detachAppender(lines);
    }

    private double runs(String task, String outcome) {
        return meters.get("cairn.task.runs").tag("task", task).tag("outcome", outcome).counter().count();
    }

    private long linesAt(String level) {
        return lines.list.stream().filter(l -> l.getLevel().toString().equals(level)).count();
    }

    @Test
    void shouldKeepRunningAFailingTaskCountItsFailuresAndLogOncePerOutage() {
        AtomicBoolean down = new AtomicBoolean(true);
        tasks.schedule(PeriodicTask.every(FAST, "flaky-probe", "ping the flaky thing", () -> {
            if (down.get()) throw new IllegalStateException("connection refused");
        }));

        await().atMost(Duration.ofSeconds(5)).until(() -> runs("flaky-probe", "failure") >= 5);
        assertThat(linesAt("WARN")).as("one WARN for the whole outage, not one per failed run").isEqualTo(1);
        assertThat(lines.list.get(0).getFormattedMessage()).contains("Could not ping the flaky thing", "flaky-probe", "connection refused");

        down.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs("flaky-probe", "success") >= 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> linesAt("INFO") == 1);
        assertThat(lines.list).filteredOn(l -> l.getLevel().toString().equals("INFO")).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString().contains("flaky-probe", "works again");
        assertThat(meters.get("cairn.task.last.run.timestamp.seconds").tag("task", "flaky-probe").gauge().value())
                .as("epoch seconds of the last run").isGreaterThan(1.7e9);
    }

    @Test
    void shouldKeepOtherTasksOnTheirRhythmWhileOneRunHangs() {
        tasks.schedule(PeriodicTask.every(FAST, "hung-probe", "ping a server that does not answer", release::await));
        AtomicInteger beats = new AtomicInteger();
        tasks.schedule(PeriodicTask.every(FAST, "heartbeat", "beat", beats::incrementAndGet));

        await().atMost(Duration.ofSeconds(5)).until(() -> beats.get() >= 20);
        assertThat(runs("hung-probe", "success") + runs("hung-probe", "failure")).as("the hung run never ended").isZero();
    }

    @Test
    void shouldNeverOverlapRunsOfOneTask() {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        tasks.schedule(PeriodicTask.every(Duration.ofMillis(1), "slow-task", "work slowly", () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.sleep(15);
            inside.decrementAndGet();
        }));

        await().atMost(Duration.ofSeconds(5)).until(() -> runs("slow-task", "success") >= 10);
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void shouldStartNoRunOnceClosedAndWaitForTheRunInProgress() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean runEnded = new AtomicBoolean();
        AtomicInteger runsStarted = new AtomicInteger();
        AutoCloseable task = tasks.schedule(PeriodicTask.every(FAST, "long-run", "hold on", () -> {
            runsStarted.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(60_000);
            } finally {
                runEnded.set(true);
            }
        }));
        assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        task.close();

        assertThat(runEnded).as("the run in progress was interrupted and waited for").isTrue();
        int afterClose = runsStarted.get();
        Thread.sleep(100); // why: proves an absence (no new run), which Awaitility cannot wait for
        assertThat(runsStarted.get()).isEqualTo(afterClose).isEqualTo(1);
    }

    @Test
    void shouldRefuseBadTasks() {
        assertThatThrownBy(() -> PeriodicTask.every(Duration.ZERO, "zero-rest", "spin", () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero-rest");
        assertThatThrownBy(() -> PeriodicTask.every(FAST, "Not Kebab", "x", () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kebab-case");
    }
}
