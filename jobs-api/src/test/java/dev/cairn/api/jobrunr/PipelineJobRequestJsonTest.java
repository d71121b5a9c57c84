package dev.cairn.api.jobrunr;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.states.EnqueuedState;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #18 part 5: job payloads showed {@code "@class":"java.util.LinkedHashMap"} in JobRunr's dashboard. Stored
 * through JobRunr's own JSON mapper, a payload is the producer's plain JSON now, and the earlier format still reads.
 */
class PipelineJobRequestJsonTest {

    private final JacksonJsonMapper jobrunr = new JacksonJsonMapper();

    @Test
    void shouldStoreThePayloadAsPlainJsonAndReadItBack() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("file", "a.pdf");
        payload.put("options", Map.of("pages", List.of(1, 2, 3), "deep", Map.of("x", true)));
        Job job = new Job(UUID.randomUUID(), new JobDetails(new PipelineJobRequest("pdf-processing", payload)), new EnqueuedState());

        String json = jobrunr.serialize(job);
        Job read = jobrunr.deserialize(json, Job.class);

        assertThat(json).contains("\"payload\":{\"file\":\"a.pdf\",\"options\":{").doesNotContain("java.util.LinkedHashMap")
                .doesNotContain("java.util.ArrayList").doesNotContain("ImmutableCollections");
        PipelineJobRequest request = (PipelineJobRequest) read.getJobDetails().getJobParameters().getFirst().getObject();
        assertThat(request.payload()).isEqualTo(payload);
    }

    @Test
    void shouldReadAPayloadStoredWithTheEarlierTypeMarks() throws Exception {
        String earlier = "{\"type\":\"pdf-processing\",\"payload\":{\"@class\":\"java.util.LinkedHashMap\",\"file\":\"a.pdf\","
                + "\"pages\":[\"java.util.ArrayList\",[1,2]],\"deep\":{\"@class\":\"java.util.LinkedHashMap\",\"x\":true}}}";

        PipelineJobRequest request = new com.fasterxml.jackson.databind.ObjectMapper().readValue(earlier, PipelineJobRequest.class);

        assertThat(request.payload()).isEqualTo(Map.of("file", "a.pdf", "pages", List.of(1, 2), "deep", Map.of("x", true)));
    }
}
