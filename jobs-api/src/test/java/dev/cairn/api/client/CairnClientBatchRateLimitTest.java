package dev.cairn.api.client;

import dev.cairn.api.JobSubmission;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.cairn.api.client.ScriptedWorker.acceptEveryLine;
import static dev.cairn.api.client.ScriptedWorker.answerLines;
import static dev.cairn.api.client.ScriptedWorker.tooMany;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code submitAll} against a worker's rate limits: whole batch requests refused with 429, and rate_limited lines. */
class CairnClientBatchRateLimitTest {

    private static CairnClient client(ScriptedWorker worker) {
        return CairnClient.builder(worker.url()).maxRateLimitWait(Duration.ofSeconds(10)).build();
    }

    private static Stream<JobSubmission> chapters(int count, AtomicInteger read) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> {
            read.incrementAndGet();
            return JobSubmission.chapter("Tides " + i, 2, null);
        });
    }

    @Test
    void shouldSendARefusedRequestAgainFromItsKeptLinesReadingAOneShotStreamOnce() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(tooMany("1"), acceptEveryLine())) {
            AtomicInteger read = new AtomicInteger();
            List<BatchLineResult> results = new ArrayList<>();

            BatchSummary summary = client(worker).submitAll(chapters(5, read), results::add);

            assertThat(read).hasValue(5);
            assertThat(worker.received()).hasSize(2);
            assertThat(worker.received().get(1).lines()).hasSize(5).containsExactlyElementsOf(worker.received().get(0).lines());
            assertThat(results).extracting(BatchLineResult::line).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(summary).isEqualTo(new BatchSummary(5, 5, 0, 0));
        }
    }

    @Test
    void shouldNotSendAnEarlierRequestAgainWhenALaterOneIsRefused() throws Exception {
        int count = CairnClient.BATCH_REQUEST_LINES + 2;
        try (ScriptedWorker worker = new ScriptedWorker(acceptEveryLine(), tooMany("1"), acceptEveryLine())) {
            AtomicInteger read = new AtomicInteger();
            List<BatchLineResult> results = new ArrayList<>();

            BatchSummary summary = client(worker).submitAll(chapters(count, read), results::add);

            assertThat(read).hasValue(count);
            assertThat(worker.received()).extracting(r -> r.lines().size()).containsExactly(CairnClient.BATCH_REQUEST_LINES, 2, 2);
            assertThat(results).extracting(BatchLineResult::line).containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
            assertThat(summary.created()).isEqualTo(count);
        }
    }

    @Test
    void shouldHandOverRateLimitedLinesWithTheirRetryAfter() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(answerLines(line -> line <= 2
                ? "{\"line\":" + line + ",\"job_id\":\"job-" + line + "\",\"created\":true}"
                : "{\"line\":" + line + ",\"error\":\"rate_limited\",\"message\":\"past the job budget\",\"retry_after_s\":5}"))) {
            List<BatchLineResult> results = new ArrayList<>();

            BatchSummary summary = client(worker).submitAll(chapters(4, new AtomicInteger()), results::add);

            assertThat(summary).isEqualTo(new BatchSummary(4, 2, 0, 2, 2));
            assertThat(summary.allAccepted()).isFalse();
            assertThat(results.get(0).rateLimited()).isFalse();
            assertThat(results.get(0).retryAfter()).isEmpty();
            assertThat(results.subList(2, 4)).allSatisfy(r -> {
                assertThat(r.accepted()).isFalse();
                assertThat(r.rateLimited()).isTrue();
                assertThat(r.error()).isEqualTo("rate_limited");
                assertThat(r.message()).isEqualTo("past the job budget");
                assertThat(r.retryAfter()).contains(Duration.ofSeconds(5));
            });
            assertThat(worker.received()).hasSize(1);
        }
    }
}
