package dev.cairn.jobs.internal;

import dev.cairn.tasks.PeriodicTask;
import dev.cairn.tasks.PeriodicTasks;
import org.jobrunr.server.BackgroundJobServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Starts JobRunr's background job server again after JobRunr stopped it by itself, once job storage
 * answers again.
 *
 * <p>Why: JobRunr 8.7 (open source) gives up on its server when job storage fails. Its heartbeat
 * ({@code ServerZooKeeper}) stops the server at the <em>first</em> heartbeat that cannot reach the
 * database ("An unrecoverable error occurred. Shutting down BackgroundJobServer"), and its other tasks do
 * after more than five storage errors in a row ("FATAL - JobRunr encountered too many storage
 * exceptions"); nothing starts it again, and no setting changes either. A database outage of a few
 * seconds would leave a worker that is alive, and ready again once the database is back, but never runs a
 * job again. Restarting is what JobRunr itself does for a server that timed out ({@code stop()} then
 * {@code start()}, same id): the server announces itself again, and the jobs it could not save during the
 * outage are found by the orphan task and resume from their checkpoints.
 *
 * <p>{@link BackgroundJobServer#start()} does nothing for a server that is running or paused, so a
 * restart racing JobRunr's own is harmless. Close this before the server, so a worker that is shutting
 * down is not restarted.
 */
public final class JobServerRevival implements AutoCloseable {

    /** A cheap round trip to job storage. */
    @FunctionalInterface
    public interface StoragePing {
        /** @throws Exception when job storage does not answer */
        void ping() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobServerRevival.class);

    private final BackgroundJobServer server;
    private final StoragePing storage;
    private AutoCloseable task;
    private volatile boolean closed;
    private boolean waitingForStorage;

    /**
     * @param server  JobRunr's server, already started
     * @param storage pings job storage
     */
    public JobServerRevival(BackgroundJobServer server, StoragePing storage) {
        this.server = server;
        this.storage = storage;
    }

    /**
     * Checks every {@code every} from now on, as the task {@code job-server-revival} of the worker's scheduler.
     *
     * @param tasks the worker's scheduler
     * @param every how often to look; a stopped server runs again at most this long after storage answers
     * @return this, to close on shutdown
     */
    public JobServerRevival start(PeriodicTasks tasks, Duration every) {
        task = tasks.schedule(PeriodicTask.every(every, "job-server-revival", "start JobRunr's background job server again", this::check)
                .firstRunAfter(every));
        return this;
    }

    /**
     * One check: restarts the server when it is not running and job storage answers.
     *
     * @return whether the server was started again
     */
    public synchronized boolean check() {
        if (closed || server.isRunning()) {
            waitingForStorage = false;
            return false;
        }
        try {
            storage.ping();
        } catch (Exception e) {
            if (!waitingForStorage) {
                LOG.warn("JobRunr stopped its background job server and job storage does not answer ({}); it is started again once it does",
                        e.getMessage());
            }
            waitingForStorage = true;
            return false;
        }
        LOG.warn("JobRunr's background job server is stopped (JobRunr stops it when job storage fails); job storage answers again, starting it");
        waitingForStorage = false;
        server.start();
        return true;
    }

    /** Stops looking; a server stopped from now on stays stopped. */
    @Override
    public void close() {
        closed = true;
        if (task == null) return;
        try {
            task.close();
        } catch (Exception e) {
            LOG.debug("Could not stop the job-server revival task: {}", e.getMessage());
        }
    }
}
