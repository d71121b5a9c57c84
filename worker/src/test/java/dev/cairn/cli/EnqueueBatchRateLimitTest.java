package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.config.ApiLimitSettings;
import dev.cairn.config.ApiTier;
import dev.cairn.config.ProviderSettings.RateLimit;
import dev.cairn.http.RunningApi;
import dev.cairn.ratelimit.ProducerLimits;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.cairn.cli.ScriptedWorker.answerLines;
import static dev.cairn.cli.ScriptedWorker.created;
import static dev.cairn.cli.ScriptedWorker.rateLimited;
import static dev.cairn.cli.ScriptedWorker.tooMany;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn enqueue batch} and lines answered {@code rate_limited}: sent again from a FILE, named from stdin. */
class EnqueueBatchRateLimitTest {

    @TempDir
    Path dir;

    private static String chapter(int i) {
        return "{\"type\": \"chapter-generation\", \"payload\": {\"topic\": \"Tides " + i + "\", \"sections\": 2}, \"idempotency_key\": \"t-" + i + "\"}";
    }

    /** Lines 1, 2, 4, 5, 6 (line 3 is blank, as numbers still count it). */
    private Path sixLines() throws Exception {
        return Files.write(dir.resolve("jobs.ndjson"), List.of(chapter(1), chapter(2), "", chapter(4), chapter(5), chapter(6)));
    }

    @Test
    void shouldSendTheRateLimitedLinesOfAFileAgainKeepingTheirNumbers() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(
                answerLines(n -> n <= 2 ? created("a", n) : rateLimited(n, 1)),
                answerLines(n -> n == 2
                        ? "{\"line\":2,\"error\":\"idempotency_conflict\",\"message\":\"line 2: the key t-5 was used with another payload\"}"
                        : created("b", n)))) {
            Path file = sixLines();

            CliRun run = CliRun.run(worker.cliEnv(), "enqueue", "batch", file.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(worker.received()).hasSize(2);
            assertThat(worker.received().get(1).lines()).containsExactly(chapter(4), chapter(5), chapter(6));
            assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                    "accepted 4 of 5 line(s): 4 new job(s), 0 duplicate(s) of existing jobs",
                    "refused 1 line(s):",
                    "  line 5: idempotency_conflict: line 5: the key t-5 was used with another payload",
                    ""));
            assertThat(run.err().lines().toList()).containsExactly(
                    "cairn: rate limited by the worker; waiting 1 s before sending 3 line(s) again (retry_after_s)",
                    "cairn: 1 of 5 line(s) refused (listed above)");
        }
    }

    @Test
    void shouldPrintEachLinesFinalAnswerOnceWithJson() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(answerLines(n -> n == 1 ? created("a", n) : rateLimited(n, 1)),
                answerLines(n -> created("b", n)))) {
            CliRun run = CliRun.run(worker.cliEnv(), "enqueue", "batch", sixLines().toString(), "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            List<JsonNode> answers = new ArrayList<>();
            for (String line : run.out().strip().split("\\R")) answers.add(new ObjectMapper().readTree(line));
            assertThat(answers).extracting(a -> a.path("line").asInt()).containsExactly(1, 2, 4, 5, 6);
            assertThat(answers).extracting(a -> a.path("job_id").asText())
                    .containsExactly("job-a-1", "job-b-1", "job-b-2", "job-b-3", "job-b-4");
        }
    }

    @Test
    void shouldNameTheRateLimitedLinesOfStandardInputToSendAgain() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(answerLines(n -> n <= 2 ? created("a", n) : rateLimited(n, 3)))) {
            String input = String.join("\n", chapter(1), chapter(2), chapter(3), chapter(4), chapter(5), chapter(6), chapter(7)) + "\n";

            CliRun run = CliRun.runWithStdin(worker.cliEnv(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    "enqueue", "batch", "-");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(worker.received()).hasSize(1);
            assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                    "accepted 2 of 7 line(s): 2 new job(s), 0 duplicate(s) of existing jobs",
                    "rate limited: 5 line(s), retry after 3 s",
                    "  send line(s) 3-7 again (standard input is read once: cairn cannot send them itself)",
                    ""));
            assertThat(run.errorLine()).isEqualTo("cairn: 5 of 7 line(s) refused, 5 of them rate limited (listed above)");
        }
    }

    @Test
    void shouldPrintStandardInputsRateLimitedAnswersAsTheyComeWithJson() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(answerLines(n -> n == 1 ? created("a", n) : rateLimited(n, 3)))) {
            String input = chapter(1) + "\n" + chapter(2) + "\n";

            CliRun run = CliRun.runWithStdin(worker.cliEnv(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                    "enqueue", "batch", "-", "--json");

            JsonNode limited = new ObjectMapper().readTree(run.out().strip().split("\\R")[1]);
            assertThat(limited.path("line").asInt()).isEqualTo(2);
            assertThat(limited.path("error").asText()).isEqualTo("rate_limited");
            assertThat(limited.path("retry_after_s").asInt()).isEqualTo(3);
            assertThat(run.errorLine()).isEqualTo("cairn: 1 of 2 line(s) refused, 1 of them rate limited");
        }
    }

    @Test
    void shouldStopSendingAgainOnceMaxWaitIsUsedUp() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(answerLines(n -> n == 1 ? created("a", n) : rateLimited(n, 1)),
                answerLines(n -> rateLimited(n, 1)))) {
            CliRun run = CliRun.run(worker.cliEnv(), "enqueue", "batch", sixLines().toString(), "--max-wait", "1500ms");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(worker.received()).extracting(r -> r.lines().size()).containsExactly(6, 4, 4);
            assertThat(run.out()).contains("rate limited: 4 line(s), retry after 1 s" + System.lineSeparator()
                    + "  send line(s) 2, 4-6 again (cairn waited 1.5 s in all, its --max-wait; a longer --max-wait waits longer)");
            assertThat(run.err().lines().toList()).containsExactly(
                    "cairn: rate limited by the worker; waiting 1 s before sending 4 line(s) again (retry_after_s)",
                    "cairn: rate limited by the worker; waiting 0.5 s before sending 4 line(s) again (retry_after_s)",
                    "cairn: 4 of 5 line(s) refused, 4 of them rate limited (listed above)");
        }
    }

    @Test
    void shouldKeepTheLinesOfAResendRefusedWholeOnceMaxWaitIsUsedUp() throws Exception {
        try (ScriptedWorker worker = new ScriptedWorker(answerLines(n -> n <= 2 ? created("a", n) : rateLimited(n, 1)), tooMany("1"))) {
            CliRun run = CliRun.run(worker.cliEnv(), "enqueue", "batch", sixLines().toString(), "--max-wait", "2s");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("rate limited: 3 line(s), retry after 1 s").contains("send line(s) 4-6 again (cairn waited 2 s in all");
            assertThat(run.err().lines().toList()).containsExactly(
                    "cairn: rate limited by the worker; waiting 1 s before sending 3 line(s) again (retry_after_s)",
                    "cairn: rate limited by the worker; waiting 1 s before sending again (Retry-After)",
                    "cairn: 3 of 5 line(s) refused, 3 of them rate limited (listed above)");
        }
    }

    @Test
    void shouldEnqueueEveryLineOfAFileOnceARealWorkersJobBudgetRefillsAgain() throws Exception {
        // why: a real API on the test Redis, 3 jobs and then one a second for anonymous callers
        RateLimit jobs = new RateLimit(3, Duration.ofSeconds(3));
        ApiLimitSettings settings = new ApiLimitSettings(Optional.empty(),
                Map.of(ApiTier.ANONYMOUS, new ApiLimitSettings.TierLimits(Optional.empty(), Optional.of(jobs))));
        ProducerLimits limits = ProducerLimits.of(settings, TestRedis.client(), RedisKeys.withPrefix(TestRedis.uniquePrefix()), null);
        try (RunningApi api = new RunningApi(dir.resolve("input"), RunningApi.settings(null, 1024 * 1024), limits)) {
            Path file = Files.write(dir.resolve("five.ndjson"), IntStream.rangeClosed(1, 5).mapToObj(EnqueueBatchRateLimitTest::chapter).toList());

            CliRun run = CliRun.run(Map.of("CAIRN_URL", api.baseUrl()), "enqueue", "batch", file.toString(), "--max-wait", "20s");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out().strip()).isEqualTo("accepted 5 of 5 line(s): 5 new job(s), 0 duplicate(s) of existing jobs");
            assertThat(run.err()).contains("before sending 2 line(s) again (retry_after_s)");
            assertThat(api.jobs.submissions).hasSize(5);
        }
    }
}
