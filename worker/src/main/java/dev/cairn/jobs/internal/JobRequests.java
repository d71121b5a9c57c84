package dev.cairn.jobs.internal;

import dev.cairn.api.jobrunr.PipelineJobRequest;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;

import java.util.List;

/** Reads the Cairn request a JobRunr job carries. */
public final class JobRequests {

    private JobRequests() {
    }

    /**
     * @param job a JobRunr job
     * @return its pipeline request, or {@code null} when it is not a Cairn pipeline job (e.g. the DLQ cleanup)
     */
    public static PipelineJobRequest pipelineRequest(Job job) {
        List<JobParameter> parameters = job.getJobDetails().getJobParameters();
        if (parameters.size() == 1 && parameters.get(0).getObject() instanceof PipelineJobRequest request) return request;
        return null;
    }
}
