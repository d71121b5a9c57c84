package dev.cairn.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a job cannot make progress <em>now</em> but nothing is wrong with it: Redis is
 * unreachable so no checkpoint can be read or written, the worker is draining for shutdown, every
 * provider's circuit breaker is open.
 *
 * <p>The job is rescheduled after {@link #delay()} and keeps its checkpoint; this does <b>not</b>
 * spend one of the job's retries.
 */
public class RescheduleException extends CairnException {

    private final Duration delay;

    /**
     * @param reason why the job has to wait, as a user should read it
     * @param delay  how long to wait before the job runs again (zero or more)
     * @param cause  the underlying error, may be {@code null}
     */
    public RescheduleException(String reason, Duration delay, Throwable cause) {
        super(reason, true, cause);
        this.delay = Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative: " + delay);
    }

    /** @return how long to wait before the job runs again */
    public Duration delay() {
        return delay;
    }

    /**
     * Finds a reschedule request anywhere in a cause chain.
     *
     * @param error any throwable
     * @return the reschedule request, or {@code null} when {@code error} is an ordinary failure
     */
    public static RescheduleException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RescheduleException re) return re;
        }
        return null;
    }
}
