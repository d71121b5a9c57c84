package dev.cairn.http;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.api.client.CairnClient;
import dev.cairn.api.client.CairnClientException;
import dev.cairn.config.HttpSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code jobs-api}'s {@link CairnClient} against a worker with a token and the browser checks: every call
 * (uploads, JSON, body-less POSTs, DELETE, reads, NDJSON both ways) still goes through.
 */
class CairnClientGuardedTest {

    private static final String TOKEN = "s3cret-token";
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes(RunningApi.settings(TOKEN, 1024 * 1024));

    @BeforeEach
    void seed() {
        server.api().dlq.add("j1", "pdf-processing", "E", "boom", T);
        server.api().dlq.add("j2", "pdf-processing", "E", "boom", T);
        server.api().jobs.jobs.put("j9", new JobView("j9", "pdf-processing", "SUCCEEDED", 1, T, T, null, Map.of("output_dir", "/o"), null));
    }

    @Test
    void shouldMakeEveryCallWithTheToken() throws Exception {
        CairnClient client = server.client(TOKEN);
        Path pdf = Files.write(server.dir().resolve("a.pdf"), dev.cairn.testing.TestPdfs.plainBytes(1));

        assertThat(client.uploadFile(pdf)).endsWith(".pdf");
        assertThat(client.enqueue(JobSubmission.chapter("x", 1, null))).isEqualTo("job-1");
        assertThat(client.job("j9").state()).isEqualTo("SUCCEEDED");
        assertThat(client.breakersJson()).contains("acme");
        assertThat(client.forceOpenBreaker("acme")).contains("OPEN");
        assertThat(client.resetBreaker("acme")).contains("CLOSED");
        assertThat(client.dlqList(Map.of())).contains("j1");
        assertThat(client.dlqEntry("j1")).contains("boom");
        List<String> exported = new ArrayList<>();
        assertThat(client.dlqExport(Map.of(), exported::add)).isEqualTo(2);
        assertThat(client.dlqStats()).isNotBlank();
        assertThat(client.dlqRetry("j1")).contains("j1");
        assertThat(client.dlqRetryMatching("pdf-processing", null, null)).contains("matched");
        assertThat(client.dlqRemove("j2")).isNotBlank();
        assertThat(client.dlqCleanup()).contains("removed");
        assertThat(client.submitAll(List.of(JobSubmission.chapter("y", 1, null)), r -> { }).created()).isEqualTo(1);
    }

    @Test
    void shouldBeRefusedReadsWithoutTheToken() {
        CairnClient client = server.client();

        assertThatThrownBy(() -> client.dlqList(Map.of())).isInstanceOfSatisfying(CairnClientException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(client::dlqStats).isInstanceOfSatisfying(CairnClientException.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }
}
