package dev.cairn.api.jobrunr;

import org.jobrunr.jobs.lambdas.JobRequestHandler;

/**
 * The handler JobRunr calls for a {@link PipelineJobRequest}. Producers never implement it: it is
 * named in the job so that JobRunr asks the worker's job activator for the worker's implementation,
 * which keeps producers free of worker classes.
 */
public interface PipelineJobHandler extends JobRequestHandler<PipelineJobRequest> {
}
