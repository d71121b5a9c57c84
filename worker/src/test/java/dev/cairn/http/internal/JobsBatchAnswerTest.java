package dev.cairn.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.jobs.JobBatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JobsBatchAnswerTest {

    private static final ObjectMapper JSON = ApiJson.create();

    @Test
    void shouldWriteAStoredJobsAnswerLineAsTheMapperWould() throws Exception {
        for (boolean created : new boolean[]{true, false}) {
            String id = UUID.randomUUID().toString();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("line", 12_345L);
            answer.put("job_id", id);
            answer.put("created", created);

            byte[] line = JobsBatchController.acceptedLine(12_345L, JobBatch.Outcome.accepted(id, created));

            assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo(JSON.writeValueAsString(answer));
        }
    }

    @Test
    void shouldLeaveIdsThatNeedEscapingToTheMapper() {
        assertThat(JobsBatchController.plain(UUID.randomUUID().toString())).isTrue();
        assertThat(JobsBatchController.plain("a\"b")).isFalse();
        assertThat(JobsBatchController.plain("a\\b")).isFalse();
        assertThat(JobsBatchController.plain("a\nb")).isFalse();
        assertThat(JobsBatchController.plain("é")).isFalse();
    }
}
