package dev.cairn.provider;

import dev.cairn.api.RescheduleException;

import java.time.Duration;
import java.util.List;

/**
 * No provider of a chain can take a call now: each one's breaker is open (or half-open with its trial calls
 * taken) or its rate limit has no permit soon enough. A wait, not a failure: the job is rescheduled and keeps
 * its checkpoint. It names the breakers it waits for, so a job can be woken as soon as one of them closes
 * rather than at the time it was given.
 */
public final class NoProviderAvailableException extends RescheduleException {

    private final List<String> waitingForBreakers;

    /**
     * @param reason             why, as a user should read it
     * @param delay              when the first of them may take a call again
     * @param waitingForBreakers the providers whose breakers refused the call (empty when only rate limits did)
     */
    public NoProviderAvailableException(String reason, Duration delay, List<String> waitingForBreakers) {
        super(reason, delay, null);
        this.waitingForBreakers = List.copyOf(waitingForBreakers);
    }

    /** @return the providers whose breakers refused the call */
    public List<String> waitingForBreakers() {
        return waitingForBreakers;
    }
}
