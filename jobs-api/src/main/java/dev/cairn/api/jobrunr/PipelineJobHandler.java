package dev.cairn.api.jobrunr;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * The handler JobRunr calls for a {@link PipelineJobRequest}. Producers never use it: it is named in
 * the job so that JobRunr asks the worker's job activator for an instance, and the worker supplies its
 * own subclass, which keeps producers free of worker classes.
 *
 * <p>It is a concrete class because JobRunr refuses jobs whose {@code run} method is abstract.
 */
public class PipelineJobHandler implements JobRequestHandler<PipelineJobRequest> {

    /** For the worker's subclass (and for JobRunr, which may instantiate the class to inspect it). */
    public PipelineJobHandler() {
    }

    /**
     * Runs the job's pipeline; only a Cairn worker's subclass can.
     *
     * @param request the job's type and payload
     * @throws Exception when the job fails
     */
    @Override
    public void run(PipelineJobRequest request) throws Exception {
        throw new IllegalStateException("Cairn jobs run only inside a Cairn worker (job type " + request.type() + ")");
    }
}
