package dev.cairn.runtime.internal;

import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.server.JobSteward;
import org.jobrunr.server.tasks.steward.OnboardNewWorkTask;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * JobRunr's background server that can also look for enqueued work on demand, not only at its poll
 * interval: {@link #onboardSoon()} runs JobRunr's own "onboard new work" task, which takes as many jobs as
 * the server has idle workers (none: no query at all). JobRunr runs the same task whenever one of its
 * workers finishes a job; this lets a signal from another worker do it too. Requests that arrive while
 * one is pending are folded into it.
 */
public final class OnDemandBackgroundJobServer extends BackgroundJobServer implements AutoCloseable {

    private final ExecutorService onboarding = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cairn-onboard").factory());
    private final AtomicBoolean pending = new AtomicBoolean();

    public OnDemandBackgroundJobServer(StorageProvider storage, JsonMapper json, JobActivator activator, BackgroundJobServerConfiguration configuration) {
        super(storage, json, activator, configuration);
    }

    @Override
    protected JobSteward createJobSteward() {
        return new OnDemandJobSteward(this);
    }

    /** Looks for enqueued jobs soon, on a thread of its own; returns at once. */
    public void onboardSoon() {
        if (!pending.compareAndSet(false, true)) return;
        try {
            onboarding.execute(() -> {
                pending.set(false);
                ((OnDemandJobSteward) getJobSteward()).onboardNow();
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            pending.set(false);
        }
    }

    /** Stops the server for good. ({@link #stop()} alone may be followed by a restart: JobRunr restarts a server that timed out.) */
    @Override
    public void close() {
        stop();
        onboarding.shutdownNow();
    }

    /** JobRunr's steward, with its onboarding task reachable. */
    private static final class OnDemandJobSteward extends JobSteward {
        private final OnboardNewWorkTask onboard;

        OnDemandJobSteward(BackgroundJobServer server) {
            super(server);
            this.onboard = getTaskOfType(OnboardNewWorkTask.class);
        }

        void onboardNow() {
            onboard.runTaskThreadSafe();
        }
    }
}
