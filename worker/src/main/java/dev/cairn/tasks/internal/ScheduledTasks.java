package dev.cairn.tasks.internal;

import dev.cairn.metrics.MetricNames;
import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link PeriodicTasks} on one timer thread that only keeps time, and a pool of runner threads that do
 * the work: why two, a run blocked on a hung server must not hold back the other tasks' timing (one
 * thread per task, as before, had the same isolation at the cost of a timer per class).
 */
public final class ScheduledTasks implements PeriodicTasks {

    /** How long closing a task waits for its interrupted run to end. */
    static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledTasks.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cairn-tasks").factory());
    private final ExecutorService runners = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("cairn-task-", 0).factory());
    private final List<Scheduled> tasks = new CopyOnWriteArrayList<>();
    private final MeterRegistry meters;
    private final Clock clock;

    public ScheduledTasks(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public AutoCloseable schedule(PeriodicTask task) {
        Scheduled scheduled = new Scheduled(task);
        tasks.add(scheduled);
        scheduled.next(task.firstRunAfter());
        return scheduled::close;
    }

    @Override
    public void close() {
        for (Scheduled task : tasks) task.close();
        timer.shutdownNow();
        runners.shutdownNow();
    }

    /** One task: its timing, its metrics and its outage log. */
    private final class Scheduled {
        private final PeriodicTask task;
        private final OutageLog outage;
        private final Counter successes;
        private final Counter failures;
        private final AtomicLong lastRunEpochMs = new AtomicLong();
        private final ReentrantLock runLock = new ReentrantLock();
        private volatile boolean closed;
        private ScheduledFuture<?> pending;
        private Future<?> running;

        Scheduled(PeriodicTask task) {
            this.task = task;
            this.outage = new OutageLog(LOG, task.name(), task.purpose());
            this.successes = runs("success");
            this.failures = runs("failure");
            Gauge.builder(MetricNames.TASK_LAST_RUN, lastRunEpochMs, last -> last.get() / 1000.0)
                    .description("when the task's last run ended (epoch seconds; 0 before its first run)")
                    .tag("task", task.name()).strongReference(true).register(meters);
        }

        private Counter runs(String outcome) {
            return Counter.builder(MetricNames.TASK_RUNS).description("runs of the worker's periodic tasks, by outcome")
                    .tag("task", task.name()).tag("outcome", outcome).register(meters);
        }

        synchronized void next(Duration after) {
            if (closed) return;
            try {
                pending = timer.schedule(this::start, after.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                // why: the scheduler is closing
            }
        }

        private synchronized void start() {
            if (closed) return;
            try {
                running = runners.submit(this::runOnce);
            } catch (RejectedExecutionException shutDown) {
                // why: the scheduler is closing
            }
        }

        private void runOnce() {
            // why: held for the whole run, so close() can wait for the run's end (a cancelled Future reads as done at once)
            runLock.lock();
            try {
                if (closed) return;
                try {
                    task.action().run();
                    successes.increment();
                    outage.succeeded();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (closed) return;
                    failures.increment();
                    outage.failed(e);
                } finally {
                    lastRunEpochMs.set(clock.millis());
                }
            } finally {
                runLock.unlock();
            }
            next(task.every());
        }

        void close() {
            Future<?> inProgress;
            synchronized (this) {
                closed = true;
                if (pending != null) pending.cancel(false);
                inProgress = running;
            }
            if (inProgress != null) inProgress.cancel(true);
            try {
                // why: a task that releases something on close (the lease) must come after its last run
                if (runLock.tryLock(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) runLock.unlock();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
