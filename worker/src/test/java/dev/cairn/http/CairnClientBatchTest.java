package dev.cairn.http;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.BatchLineResult;
import dev.cairn.api.client.BatchSummary;
import dev.cairn.api.client.CairnClient;
import dev.cairn.config.BatchSettings;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code jobs-api} client's {@code submitAll} and {@code submitNdjson} against a worker's real batch endpoint. */
class CairnClientBatchTest {

    @RegisterExtension
    final ApiServerExtension<BatchSettings, StorageBackedApi> server = ApiServerExtension.storageBackedStartedByTest();

    private CairnClient client(BatchSettings limits) {
        server.start(limits);
        return server.client();
    }

    @Test
    void shouldSubmitAStreamLongerThanOneRequestAndAnswerEverySubmissionOnceInOrder() {
        CairnClient client = client(BatchSettings.DEFAULTS);
        int count = CairnClient.BATCH_REQUEST_LINES * 2 + 500;
        Stream<JobSubmission> submissions = IntStream.rangeClosed(1, count)
                .mapToObj(i -> i % 5_000 == 0 ? JobSubmission.chapter("Bad " + i, 99, null) : JobSubmission.chapter("Tides " + i, 2, null));
        List<BatchLineResult> results = new ArrayList<>();

        BatchSummary summary = client.submitAll(submissions, results::add);

        assertThat(results).extracting(BatchLineResult::line).containsExactlyElementsOf(
                IntStream.rangeClosed(1, count).mapToObj(i -> (long) i).toList());
        assertThat(results).filteredOn(r -> !r.accepted()).extracting(BatchLineResult::line).containsExactly(5_000L, 10_000L, 15_000L, 20_000L);
        assertThat(results).filteredOn(r -> !r.accepted()).allSatisfy(r -> assertThat(r.error()).isEqualTo("invalid_payload"));
        assertThat(summary).isEqualTo(new BatchSummary(count, count - 4, 0, 4));
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(count - 4);
    }

    @Test
    void shouldSendWhatAWorkerWithASmallerLineLimitDidNotReadAgainInSmallerRequests() {
        CairnClient client = client(new BatchSettings(300, 64 * 1024));
        List<JobSubmission> submissions = IntStream.rangeClosed(1, 1_000)
                .mapToObj(i -> JobSubmission.chapter("T" + i, 1, null).withIdempotencyKey("k" + i)).toList();

        List<BatchLineResult> results = client.submitAll(submissions);

        assertThat(results).extracting(BatchLineResult::line).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 1_000).mapToObj(i -> (long) i).toList());
        assertThat(results).allSatisfy(r -> assertThat(r.accepted() && r.created()).as("line %d: %s", r.line(), r.message()).isTrue());
        assertThat(server.api().storage.provider().countJobs(StateName.ENQUEUED)).isEqualTo(1_000);
    }

    @Test
    void shouldNumberRawLinesByTheirPlaceInTheInput() {
        CairnClient client = client(BatchSettings.DEFAULTS);
        String input = """
                {"type": "chapter-generation", "payload": {"topic": "a", "sections": 1}, "idempotency_key": "same"}

                not json
                {"type": "chapter-generation", "payload": {"topic": "a", "sections": 1}, "idempotency_key": "same"}
                """;
        List<BatchLineResult> results = new ArrayList<>();

        BatchSummary summary = client.submitNdjson(new BufferedReader(new StringReader(input)), results::add);

        assertThat(results).extracting(BatchLineResult::line).containsExactly(1L, 3L, 4L);
        assertThat(results.get(1).error()).isEqualTo("invalid_json");
        assertThat(results.get(2).jobId()).isEqualTo(results.get(0).jobId());
        assertThat(summary).isEqualTo(new BatchSummary(3, 1, 1, 1));
    }
}
