package dev.cairn.jobs.internal;

import org.jobrunr.server.JobActivator;

import java.util.List;

/**
 * Gives JobRunr the worker's handlers: the {@link PipelineJobRunner} when a job names the producer-side
 * {@code PipelineJobHandler}, and the worker's own job handlers (DLQ cleanup); other job classes are
 * created by JobRunr itself.
 */
public final class CairnJobActivator implements JobActivator {

    private final List<Object> handlers;

    /** @param handlers the handler instances JobRunr may ask for, by their type */
    public CairnJobActivator(Object... handlers) {
        this.handlers = List.of(handlers);
    }

    @Override
    public <T> T activateJob(Class<T> type) {
        for (Object handler : handlers) {
            if (type.isInstance(handler)) return type.cast(handler);
        }
        return null;
    }
}
