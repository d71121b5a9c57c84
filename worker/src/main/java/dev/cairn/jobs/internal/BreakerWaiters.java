package dev.cairn.jobs.internal;

import dev.cairn.api.RescheduleException;
import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.Transition;
import dev.cairn.fleet.WorkSignal;
import dev.cairn.provider.NoProviderAvailableException;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.Paging;
import org.jobrunr.storage.StorageProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;

/**
 * Jobs that wait because a provider's breaker refused their call run again as soon as that breaker closes,
 * not at the time they were rescheduled for. A breaker refusing a job during a half-open round gives it the
 * round's end (up to {@code CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT}, a minute by default), so without this the
 * jobs that did not get a trial call would sit out a whole minute after the provider had recovered.
 *
 * <p>A waiting job carries the providers it waits for in its metadata ({@value #METADATA}, set when the wait is
 * elected). When a breaker closes (its trial calls succeeded, or an operator reset it), the worker whose call made
 * that transition, exactly one, enqueues the SCHEDULED jobs waiting for it and signals that jobs are ready. The
 * scan is bounded ({@value #MAX_SCANNED} scheduled jobs); a job it misses still runs at its own time.
 */
public final class BreakerWaiters {

    /** Job metadata: the providers whose breakers a waiting job waits for, comma-separated. */
    static final String METADATA = "cairn.waiting-for-breakers";
    /** Scheduled jobs read per page. */
    static final int PAGE = 500;
    /** Scheduled jobs read at most per closed breaker. */
    static final int MAX_SCANNED = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(BreakerWaiters.class);

    private final StorageProvider storage;
    private final WorkSignal signal;

    /**
     * @param storage where the waiting jobs are
     * @param signal  tells the fleet that jobs were enqueued
     */
    public BreakerWaiters(StorageProvider storage, WorkSignal signal) {
        this.storage = storage;
        this.signal = signal;
    }

    /** Records what an elected wait waits for; any other outcome ({@code wait} null, or no breaker in it) clears it. */
    static void mark(Job job, RescheduleException wait) {
        if (wait instanceof NoProviderAvailableException noProvider && !noProvider.waitingForBreakers().isEmpty()) {
            job.getMetadata().put(METADATA, String.join(",", noProvider.waitingForBreakers()));
        } else {
            job.getMetadata().remove(METADATA);
        }
    }

    /** A breaker transition this worker made: a closing one wakes the jobs waiting for it, on a thread of its own. */
    public void onTransition(String provider, Transition transition) {
        if (transition.to() != BreakerState.CLOSED) return;
        Thread.ofVirtual().name("cairn-breaker-waiters").start(() -> {
            try {
                wake(provider);
            } catch (RuntimeException e) {
                LOG.warn("Could not wake the jobs waiting for the breaker of provider '{}' ({}); they run at their own time",
                        provider, e.getMessage());
            }
        });
    }

    /**
     * Enqueues the scheduled jobs waiting for this provider's breaker.
     *
     * @return how many were enqueued
     */
    int wake(String provider) {
        int woken = 0;
        int scanned = 0;
        long offset = 0;
        while (scanned < MAX_SCANNED) {
            List<Job> page = storage.getJobList(StateName.SCHEDULED, Paging.OffsetBasedPage.ascOnUpdatedAt(offset, PAGE));
            if (page.isEmpty()) break;
            scanned += page.size();
            int waiting = 0;
            for (Job job : page) {
                if (!waitsFor(job, provider)) continue;
                waiting++;
                job.getMetadata().remove(METADATA);
                job.enqueue();
                try {
                    storage.save(job);
                    woken++;
                } catch (ConcurrentJobModificationException raced) {
                    // why: JobRunr moved it (its time came) or another worker did first; either way it runs
                }
            }
            if (page.size() < PAGE) break;
            // why: the waiting jobs left the SCHEDULED list, so the next page starts that much earlier
            offset += page.size() - waiting;
        }
        if (woken > 0) {
            LOG.info("Circuit breaker of provider '{}' closed: {} job(s) waiting for it run now", provider, woken);
            signal.jobsReady();
        }
        return woken;
    }

    private static boolean waitsFor(Job job, String provider) {
        Object waiting = job.getMetadata().get(METADATA);
        return waiting instanceof String names && Arrays.asList(names.split(",")).contains(provider);
    }
}
