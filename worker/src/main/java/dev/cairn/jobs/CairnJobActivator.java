package dev.cairn.jobs;

import dev.cairn.api.jobrunr.PipelineJobHandler;
import org.jobrunr.server.JobActivator;

/**
 * Gives JobRunr the worker's {@link PipelineJobRunner} when a job names the producer-side
 * {@link PipelineJobHandler} interface; other job classes are created by JobRunr itself.
 */
public final class CairnJobActivator implements JobActivator {

    private final PipelineJobRunner runner;

    public CairnJobActivator(PipelineJobRunner runner) {
        this.runner = runner;
    }

    @Override
    public <T> T activateJob(Class<T> type) {
        if (type.isInstance(runner)) return type.cast(runner);
        return null;
    }
}
