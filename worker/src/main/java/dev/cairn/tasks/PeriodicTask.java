package dev.cairn.tasks;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One piece of the worker's periodic background work: its name (in logs and in the {@code task} label of
 * the task metrics), what it does in words, when it first runs and how long it rests after each run.
 *
 * @param name          short kebab-case name, e.g. {@code lease-renewal}
 * @param purpose       what a run does, phrased to follow "Could not …", e.g. {@code renew this worker's lease}
 * @param firstRunAfter wait before the first run ({@link Duration#ZERO}: at once)
 * @param every         rest between the end of one run and the start of the next (runs never overlap)
 * @param action        one run; throwing marks the run failed (counted, logged once per outage)
 */
public record PeriodicTask(String name, String purpose, Duration firstRunAfter, Duration every, Action action) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /** One run of a task. */
    @FunctionalInterface
    public interface Action {
        /** @throws Exception when the run failed; the task runs again after its rest all the same */
        void run() throws Exception;
    }

    /** Validates the task. */
    public PeriodicTask {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(action, "action");
        if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("task name must be kebab-case, got " + name);
        if (firstRunAfter == null || firstRunAfter.isNegative()) throw new IllegalArgumentException("first run of " + name + " must not be in the past");
        if (every == null || every.isNegative() || every.isZero()) throw new IllegalArgumentException("rest of task " + name + " must be positive, got " + every);
    }

    /**
     * A task that runs at once, then {@code every} after each run ends.
     *
     * @return the task
     */
    public static PeriodicTask every(Duration every, String name, String purpose, Action action) {
        return new PeriodicTask(name, purpose, Duration.ZERO, every, action);
    }

    /** @return the same task, first run after {@code delay} instead */
    public PeriodicTask firstRunAfter(Duration delay) {
        return new PeriodicTask(name, purpose, delay, every, action);
    }
}
