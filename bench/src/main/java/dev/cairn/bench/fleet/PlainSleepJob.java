package dev.cairn.bench.fleet;

import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * The plain JobRunr peer's job: it sleeps, as long as {@link FleetLab.JobLength} says: 120 s for the
 * crash figures, so it is still PROCESSING when its server is killed and after another server took it
 * over; 250 ms for {@code enqueue_pickup_ms}, so the server is soon idle again.
 */
public final class PlainSleepJob {

    private PlainSleepJob() {
    }

    /**
     * What is enqueued; stored by JobRunr as JSON, so a record of plain values.
     *
     * @param millis how long the job sleeps
     */
    public record Request(long millis) implements JobRequest {
        @Override
        public Class<Handler> getJobRequestHandler() {
            return Handler.class;
        }
    }

    /** Runs a {@link Request} in the plain server; public with a no-argument constructor for JobRunr to create. */
    public static final class Handler implements JobRequestHandler<Request> {
        @Override
        public void run(Request request) throws InterruptedException {
            Thread.sleep(request.millis());
        }
    }
}
