package dev.cairn.bench.fleet;

import org.jobrunr.jobs.lambdas.JobRequest;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * The plain JobRunr peer's job in the scale-out benchmark ({@link dev.cairn.bench.scale.ScaleOutBenchmark}): it
 * does nothing, so what the plain servers' jobs/s measures is JobRunr's own cost per job (enqueue, onboarding,
 * the PROCESSING and SUCCEEDED saves, the heartbeats) on the same PostgreSQL.
 */
public final class PlainNoopJob {

    private PlainNoopJob() {
    }

    /** What is enqueued: no fields, stored by JobRunr as JSON. */
    public record Request() implements JobRequest {
        @Override
        public Class<Handler> getJobRequestHandler() {
            return Handler.class;
        }
    }

    /** Runs a {@link Request}: returns at once. Public with a no-argument constructor for JobRunr to create. */
    public static final class Handler implements JobRequestHandler<Request> {
        @Override
        public void run(Request request) {
            // nothing: the benchmark measures JobRunr around the job, not the job
        }
    }
}
