package dev.cairn.api.jobrunr;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import org.jobrunr.jobs.lambdas.JobRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The argument every Cairn job carries in JobRunr's storage: the pipeline to run and its payload.
 * The JobRunr dashboard shows it as the job's parameter.
 *
 * @param type    the pipeline, e.g. {@code pdf-processing}
 * @param payload the pipeline's input
 */
public record PipelineJobRequest(
        String type,
        // why: stored as the plain JSON the producer sent, not with JobRunr's type marks (PlainPayload)
        @JsonSerialize(using = PlainPayload.Writer.class) @JsonDeserialize(using = PlainPayload.Reader.class) Map<String, Object> payload)
        implements JobRequest {

    /** Validates the type and copies the payload. */
    public PipelineJobRequest {
        Objects.requireNonNull(type, "type");
        payload = payload == null ? new LinkedHashMap<>() : new LinkedHashMap<>(payload);
    }

    /** @return the worker-side handler; the worker's job activator supplies its implementation */
    @Override
    public Class<PipelineJobHandler> getJobRequestHandler() {
        return PipelineJobHandler.class;
    }
}
