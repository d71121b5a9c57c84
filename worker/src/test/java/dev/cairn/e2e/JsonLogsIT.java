package dev.cairn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.CairnClient;
import dev.cairn.testing.TestEnv;
import dev.cairn.testing.TestPdfs;
import dev.cairn.testing.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code CAIRN_LOG_FORMAT=json}: the worker logs JSON lines that carry the running job's id, type, step and attempt. */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void shouldLogJsonLinesWithTheJobsContext() throws Exception {
        Map<String, String> env = TestEnv.worker(tmp.resolve("data"));
        env.put("CAIRN_LOG_FORMAT", "json");
        // why: a short step's own lines are DEBUG (a job's INFO line is its "done" line, outside any step)
        env.put("CAIRN_LOG_LEVEL", "DEBUG");
        Path log = tmp.resolve("worker.log");
        String jobId;
        try (WorkerProcess worker = WorkerProcess.start(env, log)) {
            CairnClient client = worker.client();
            jobId = client.enqueue(JobSubmission.pdf(client.uploadFile(TestPdfs.withOutline(tmp.resolve("a.pdf"), 2, 3)), false));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> client.job(jobId).state(), "SUCCEEDED"::equals);
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            // why: the JVM itself may print plain warnings (e.g. about sun.misc.Unsafe) before logging starts
            if (line.startsWith("WARNING:")) continue;
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.hasNonNull("@timestamp")).isTrue();
            assertThat(line.hasNonNull("level")).isTrue();
            assertThat(line.hasNonNull("message")).isTrue();
        });
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("job_id").asText()).isEqualTo(jobId);
            assertThat(line.path("type").asText()).isEqualTo("pdf-processing");
            assertThat(line.path("step").asText()).isEqualTo("extract-text");
            assertThat(line.path("attempt").asText()).isEqualTo("1");
        });
        assertThat(lines).as("the job's own INFO line when it is done").anySatisfy(line -> {
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("message").asText()).startsWith("Job " + jobId + " (pdf-processing) done");
            assertThat(line.path("job_id").asText()).isEqualTo(jobId);
            assertThat(line.path("attempt").asText()).isEqualTo("1");
        });
    }
}
