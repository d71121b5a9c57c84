package dev.cairn.dlq;

import dev.cairn.config.DlqSettings;
import dev.cairn.redis.RedisKeys;
import dev.cairn.redis.RedisUnavailableException;
import dev.cairn.testing.MutableClock;
import dev.cairn.testing.OwnRedis;
import dev.cairn.testing.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisDeadLetterQueueTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final RedisKeys keys = RedisKeys.withPrefix(TestRedis.uniquePrefix());
    private final RedisClient redis = TestRedis.client();
    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private DeadLetterQueue queue(int maxEntries, int retentionDays) {
        return DeadLetterQueue.redis(redis, keys, new DlqSettings(true, retentionDays, maxEntries, "0 3 * * *", 10, 50), clock, meters);
    }

    static DlqEntry entry(String type, String errorClass, String message, Instant failedAt) {
        String id = UUID.randomUUID().toString();
        return new DlqEntry(id, type, Map.of("file", "a.pdf"), errorClass, message, "at x.y(Z.java:1)",
                ErrorSignature.of(errorClass, message), 3, failedAt.minusSeconds(60), failedAt, "inspect", null);
    }

    @Test
    void shouldKeepAnEntryAndShowItBack() {
        DeadLetterQueue dlq = queue(100, 30);
        DlqEntry e = entry("pdf-processing", "dev.cairn.pdf.InvalidPdfException", "not a PDF: /data/in/x.pdf", T0);

        assertThat(dlq.add(e)).isEqualTo(DeadLetterQueue.AddOutcome.ADDED);

        assertThat(dlq.find(e.jobId())).contains(e);
        assertThat(dlq.size()).isEqualTo(1);
        assertThat(meters.counter("cairn.dlq.added", "type", "pdf-processing").count()).isEqualTo(1);
    }

    @Test
    void shouldNotShipTheSameFailureTwiceEvenAfterItWasRemoved() {
        DeadLetterQueue dlq = queue(100, 30);
        DlqEntry e = entry("pdf-processing", "X", "boom", T0);
        dlq.add(e);

        assertThat(dlq.add(e)).isEqualTo(DeadLetterQueue.AddOutcome.ALREADY_SHIPPED);
        assertThat(dlq.remove(e.jobId(), RemovalReason.REMOVED)).isTrue();
        assertThat(dlq.add(e)).isEqualTo(DeadLetterQueue.AddOutcome.ALREADY_SHIPPED);
        assertThat(dlq.size()).isZero();
        assertThat(dlq.unshipped(Map.of(e.jobId(), T0))).isEmpty();
        assertThat(dlq.unshipped(Map.of(e.jobId(), T0.plusSeconds(1)))).containsExactly(e.jobId());
    }

    @Test
    void shouldReplaceAnOlderFailureOfTheSameJobWithoutCountingItTwice() {
        DeadLetterQueue dlq = queue(100, 30);
        DlqEntry first = entry("pdf-processing", "A", "first", T0);
        DlqEntry again = new DlqEntry(first.jobId(), "pdf-processing", first.payload(), "B", "second", null,
                ErrorSignature.of("B", "second"), 4, first.firstFailedAt(), T0.plusSeconds(600), null, null);
        dlq.add(first);

        assertThat(dlq.add(again)).isEqualTo(DeadLetterQueue.AddOutcome.REPLACED);

        DlqStats stats = dlq.stats();
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.byType()).containsExactly(Map.entry("pdf-processing", 1L));
        assertThat(stats.byError()).containsExactly(Map.entry("B: second", 1L));
        assertThat(dlq.find(first.jobId()).orElseThrow().errorMessage()).isEqualTo("second");
    }

    @Test
    void shouldEvictTheOldestPastTheCapAndKeepCountsExact() {
        DeadLetterQueue dlq = queue(3, 30);
        List<DlqEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DlqEntry e = entry(i % 2 == 0 ? "pdf-processing" : "chapter-generation", "E" + i, "m", T0.plusSeconds(i));
            entries.add(e);
            dlq.add(e);
        }

        assertThat(dlq.size()).isEqualTo(3);
        assertThat(dlq.find(entries.get(0).jobId())).isEmpty();
        assertThat(dlq.find(entries.get(1).jobId())).isEmpty();
        assertThat(dlq.find(entries.get(4).jobId())).isPresent();
        DlqStats stats = dlq.stats();
        assertThat(stats.byType()).containsOnly(Map.entry("pdf-processing", 2L), Map.entry("chapter-generation", 1L));
        assertThat(stats.byError().keySet()).containsExactlyInAnyOrder("E2: m", "E3: m", "E4: m");
        assertThat(meters.counter("cairn.dlq.removed", "reason", "evicted").count()).isEqualTo(2);
    }

    @Test
    void shouldBoundTheShippedLedgerToTenTimesTheCap() {
        DeadLetterQueue dlq = queue(3, 30);
        for (int i = 0; i < 45; i++) dlq.add(entry("a", "E", "m", T0.plusSeconds(i)));

        assertThat(redis.zcard(keys.dlq("shipped"))).isEqualTo(30);
        assertThat(dlq.size()).isEqualTo(3);
    }

    @Test
    void shouldHoldTheCapUnderConcurrentAdds() throws Exception {
        DeadLetterQueue dlq = queue(50, 30);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 40; i++) dlq.add(entry("t" + (i % 3), "E", "m", T0.plusMillis(thread * 1000L + i)));
            }));
        }
        for (Future<?> f : done) f.get();
        pool.shutdown();

        DlqStats stats = dlq.stats();
        assertThat(stats.total()).isEqualTo(50);
        assertThat(stats.byType().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(50);
        assertThat(stats.byError()).containsExactly(Map.entry("E: m", 50L));
        assertThat(meters.counter("cairn.dlq.removed", "reason", "evicted").count()).isEqualTo(320 - 50);
    }

    @Test
    void shouldReportStatsWithoutScanning() {
        DeadLetterQueue dlq = queue(100, 30);
        dlq.add(entry("pdf-processing", "dev.cairn.pdf.InvalidPdfException", "not a PDF: /in/a.pdf", T0.minus(Duration.ofDays(3))));
        dlq.add(entry("pdf-processing", "dev.cairn.pdf.InvalidPdfException", "not a PDF: /in/b.pdf", T0.minus(Duration.ofHours(2))));
        dlq.add(entry("chapter-generation", "java.io.IOException", "timeout after 30 s", T0.minusSeconds(5)));

        DlqStats stats = dlq.stats();

        assertThat(stats.total()).isEqualTo(3);
        assertThat(stats.recent24h()).isEqualTo(2);
        assertThat(stats.byType()).containsExactly(Map.entry("pdf-processing", 2L), Map.entry("chapter-generation", 1L));
        assertThat(stats.byError()).containsExactly(
                Map.entry("InvalidPdfException: not a PDF: <path>", 2L), Map.entry("IOException: timeout after <n> s", 1L));
        assertThat(stats.oldestFailure()).contains(T0.minus(Duration.ofDays(3)));
        assertThat(stats.newestFailure()).contains(T0.minusSeconds(5));
    }

    @Test
    void shouldListNewestFirstInPagesThatNeitherRepeatNorSkip() {
        DeadLetterQueue dlq = queue(100, 30);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            // why: several entries share a millisecond, the edge a time-only cursor gets wrong
            DlqEntry e = entry("pdf-processing", "E", "m", T0.plusMillis(i / 3));
            ids.add(e.jobId());
            dlq.add(e);
        }
        List<DlqEntry> seen = new ArrayList<>();
        DlqQuery query = DlqQuery.all().withLimit(5);
        DlqPage page;
        do {
            page = dlq.list(query);
            assertThat(page.total()).isEqualTo(23);
            seen.addAll(page.entries());
            query = query.withCursor(Optional.ofNullable(page.nextCursor()));
        } while (page.nextCursor() != null);

        assertThat(seen).extracting(DlqEntry::jobId).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).lastFailedAt()).isBeforeOrEqualTo(seen.get(i - 1).lastFailedAt());
        }
    }

    @Test
    void shouldFilterByTypeErrorClassSignatureSinceAndText() {
        DeadLetterQueue dlq = queue(100, 30);
        DlqEntry pdf = entry("pdf-processing", "dev.cairn.pdf.InvalidPdfException", "not a PDF: /in/a.pdf", T0.minus(Duration.ofDays(2)));
        DlqEntry pdf2 = entry("pdf-processing", "dev.cairn.pdf.InvalidPdfException", "encrypted: needs a password", T0.minusSeconds(10));
        DlqEntry chapter = entry("chapter-generation", "java.io.IOException", "provider acme timed out", T0);
        List.of(pdf, pdf2, chapter).forEach(dlq::add);

        assertThat(ids(dlq.list(query("pdf-processing", null, null, null, null)))).containsExactly(pdf2.jobId(), pdf.jobId());
        assertThat(ids(dlq.list(query(null, "InvalidPdfException", null, null, null)))).containsExactly(pdf2.jobId(), pdf.jobId());
        assertThat(ids(dlq.list(query(null, "java.io.IOException", null, null, null)))).containsExactly(chapter.jobId());
        assertThat(ids(dlq.list(query(null, null, pdf.signature(), null, null)))).containsExactly(pdf.jobId());
        assertThat(ids(dlq.list(query(null, null, null, T0.minus(Duration.ofDays(1)), null)))).containsExactly(chapter.jobId(), pdf2.jobId());
        assertThat(ids(dlq.list(query(null, null, null, null, "ACME")))).containsExactly(chapter.jobId());
        DlqPage page = dlq.list(query("pdf-processing", null, null, null, "password"));
        assertThat(page.total()).as("a text filter's total would mean reading every entry: not counted").isNull();
        assertThat(ids(page)).containsExactly(pdf2.jobId());
        assertThat(dlq.list(query(null, null, null, T0.minus(Duration.ofDays(1)), null)).total()).isEqualTo(2);
        assertThat(dlq.list(query(null, null, pdf.signature(), null, null)).total()).isEqualTo(1);
        assertThat(dlq.list(query("chapter-generation", null, null, null, null)).total()).isEqualTo(1);
    }

    @Test
    void shouldCountEveryFilteredMatchAcrossPages() {
        DeadLetterQueue dlq = queue(100, 30);
        for (int i = 0; i < 12; i++) dlq.add(entry(i % 2 == 0 ? "a" : "b", "E", "m", T0.plusSeconds(i)));
        DlqQuery query = query("a", null, null, null, null).withLimit(4);

        DlqPage first = dlq.list(query);
        DlqPage second = dlq.list(query.withCursor(Optional.of(first.nextCursor())));

        assertThat(first.total()).isEqualTo(6);
        assertThat(second.total()).isEqualTo(6);
        assertThat(second.entries()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void shouldRejectACursorItDidNotHandOut() {
        DeadLetterQueue dlq = queue(100, 30);
        assertThatThrownBy(() -> dlq.list(DlqQuery.all().withCursor(Optional.of("garbage"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    @Test
    void shouldExportEveryMatchingEntry() {
        DeadLetterQueue dlq = queue(2_000, 30);
        for (int i = 0; i < 1_200; i++) dlq.add(entry(i % 4 == 0 ? "a" : "b", "E", "m", T0.plusMillis(i)));
        List<DlqEntry> out = new ArrayList<>();

        long count = dlq.export(query("a", null, null, null, null), out::add);

        assertThat(count).isEqualTo(300);
        assertThat(out).extracting(DlqEntry::type).containsOnly("a");
        assertThat(out).extracting(DlqEntry::jobId).doesNotHaveDuplicates();
    }

    @Test
    void shouldRemoveOnlyTheFailureThatWasRead() {
        DeadLetterQueue dlq = queue(100, 30);
        DlqEntry first = entry("a", "E", "m", T0);
        dlq.add(first);
        DlqEntry failedAgain = new DlqEntry(first.jobId(), "a", Map.of(), "E", "m", null, "E: m", 5, T0, T0.plusSeconds(30), null, null);
        dlq.add(failedAgain);

        assertThat(dlq.remove(first, RemovalReason.RETRIED)).isFalse();
        assertThat(dlq.find(first.jobId())).contains(failedAgain);
        assertThat(dlq.remove(failedAgain, RemovalReason.RETRIED)).isTrue();
        assertThat(meters.counter("cairn.dlq.retried").count()).isEqualTo(1);
        assertThat(meters.counter("cairn.dlq.removed", "reason", "retried").count()).isEqualTo(1);
        assertThat(dlq.stats().byType()).isEmpty();
    }

    @Test
    void shouldRemoveEntriesPastTheRetentionInCleanup() {
        DeadLetterQueue dlq = queue(5_000, 7);
        List<DlqEntry> old = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            DlqEntry e = entry("a", "E", "m", T0.minus(Duration.ofDays(8)).plusMillis(i));
            old.add(e);
            dlq.add(e);
        }
        DlqEntry recent = entry("b", "F", "m", T0.minus(Duration.ofDays(6)));
        dlq.add(recent);

        assertThat(dlq.cleanup()).isEqualTo(2_500);

        assertThat(dlq.size()).isEqualTo(1);
        assertThat(dlq.stats().byType()).containsExactly(Map.entry("b", 1L));
        assertThat(meters.counter("cairn.dlq.removed", "reason", "expired").count()).isEqualTo(2_500);
        // the ledger forgets failures past the retention too
        assertThat(dlq.unshipped(Map.of(old.get(0).jobId(), old.get(0).lastFailedAt()))).hasSize(1);
        assertThat(dlq.unshipped(Map.of(recent.jobId(), recent.lastFailedAt()))).isEmpty();
    }

    @Test
    void shouldSayRedisIsUnavailableWhenItIsDown() {
        try (OwnRedis own = OwnRedis.start(); RedisClient client = dev.cairn.redis.RedisConnections.connect(own.url())) {
            DeadLetterQueue dlq = DeadLetterQueue.redis(client, keys, new DlqSettings(true, 30, 10, "0 3 * * *", 10, 50), clock, meters);
            own.stop();

            assertThatThrownBy(() -> dlq.add(entry("a", "E", "m", T0))).isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("dead-letter");
            assertThatThrownBy(dlq::stats).isInstanceOf(RedisUnavailableException.class);
        }
    }

    private static DlqQuery query(String type, String errorClass, String signature, Instant since, String text) {
        return new DlqQuery(Optional.ofNullable(type), Optional.ofNullable(errorClass), Optional.ofNullable(signature),
                Optional.ofNullable(since), Optional.ofNullable(text), DlqQuery.DEFAULT_LIMIT, Optional.empty());
    }

    private static List<String> ids(DlqPage page) {
        return page.entries().stream().map(DlqEntry::jobId).toList();
    }
}
