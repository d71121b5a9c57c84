package dev.cairn.http;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.BatchLineResult;
import dev.cairn.api.client.BatchSummary;
import dev.cairn.api.client.CairnClient;
import dev.cairn.api.client.CairnClientException;
import dev.cairn.api.client.RateLimitWait;
import dev.cairn.config.ApiLimitSettings;
import dev.cairn.config.ApiTier;
import dev.cairn.config.ProviderSettings.RateLimit;
import dev.cairn.ratelimit.ProducerLimits;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The {@code jobs-api} client against a real API whose anonymous job budget is small: a batch the budget grants
 * nothing is a 429 that comes back while the client is still sending the body (the worker refuses after its first
 * chunk of 1,000 lines), and the client gets that 429, waits it out and sends the request's lines again.
 */
class CairnClientRateLimitedApiTest {

    @TempDir
    Path dir;
    private RunningApi api;

    @AfterEach
    void close() {
        if (api != null) api.close();
    }

    private CairnClient start(RateLimit jobs, Duration maxWait, List<RateLimitWait> waits) {
        ApiLimitSettings settings = new ApiLimitSettings(Optional.empty(),
                Map.of(ApiTier.ANONYMOUS, new ApiLimitSettings.TierLimits(Optional.empty(), Optional.of(jobs))));
        ProducerLimits limits = ProducerLimits.of(settings, TestRedis.client(), RedisKeys.withPrefix(TestRedis.uniquePrefix()), null);
        api = new RunningApi(dir.resolve("input"), RunningApi.settings(null, 1024 * 1024), limits);
        return CairnClient.builder(URI.create(api.baseUrl())).maxRateLimitWait(maxWait).onRateLimitWait(waits::add).build();
    }

    private static List<JobSubmission> chapters(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> JobSubmission.chapter("Tides " + i, 2, null)).toList();
    }

    @Test
    void shouldGetThe429OfABatchRefusedWholeWhileItsBodyIsStillBeingSent() {
        List<RateLimitWait> waits = new CopyOnWriteArrayList<>();
        CairnClient client = start(new RateLimit(1, Duration.ofMinutes(1)), Duration.ZERO, waits);
        client.enqueue(JobSubmission.chapter("first", 1, null)); // the budget is used up

        CairnClientException e = catchThrowableOfType(CairnClientException.class, () -> client.submitAll(chapters(5_000), r -> { }));

        assertThat(e.status()).as(e.getMessage()).isEqualTo(429);
        assertThat(e.error()).isEqualTo("rate_limited");
        assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofMinutes(1)));
        assertThat(waits).isEmpty();
        assertThat(api.jobs.submissions).hasSize(1);
    }

    @Test
    void shouldWaitOutABatchRefusedWholeAndSendItsLinesAgainAnsweringEachOnce() {
        List<RateLimitWait> waits = new CopyOnWriteArrayList<>();
        // why: 2 jobs, then one every 2 s; the first batch uses them up, so the second is refused whole at once
        CairnClient client = start(new RateLimit(2, Duration.ofSeconds(4)), Duration.ofSeconds(20), waits);
        client.submitAll(chapters(2));
        List<BatchLineResult> results = new ArrayList<>();

        BatchSummary summary = client.submitAll(chapters(3_000), results::add);

        assertThat(waits).isNotEmpty();
        assertThat(waits.getFirst().uri().getPath()).isEqualTo("/api/jobs/batch");
        assertThat(results).extracting(BatchLineResult::line).containsExactlyElementsOf(LongStream.rangeClosed(1, 3_000).boxed().toList());
        assertThat(summary.created()).isPositive();
        assertThat(summary.created() + summary.rateLimited()).isEqualTo(3_000);
        assertThat(results).filteredOn(BatchLineResult::rateLimited).allSatisfy(r -> assertThat(r.retryAfter()).isPresent());
        assertThat(api.jobs.submissions).hasSize(2 + (int) summary.created());
    }
}
