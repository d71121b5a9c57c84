package dev.cairn.dlq;

import dev.cairn.config.DlqSettings;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import dev.cairn.testing.MutableClock;
import dev.cairn.testing.OwnRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filtered page of a large queue whose matches are recent reads those entries, not the queue: measured
 * as the bytes a Redis of the test's own sent to its clients. Before, every filtered page walked the whole
 * queue (to count its total) and read the body of every entry the index could not rule out.
 */
class DlqFilteredPageCostTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final int OLD = 3_000;
    private static final int RECENT = 12;
    /** About 600 bytes per entry body: the old entries together are some 2 MB. */
    private static final String PADDING = "x".repeat(500);
    /** What a page of a few entries may cost, with the INFO reply that measures it: far below the old entries' size. */
    private static final long FEW_ENTRIES = 64 * 1024;

    private static OwnRedis own;
    private static RedisClient client;
    private static DeadLetterQueue dlq;
    private static final List<String> recent = new ArrayList<>();

    @BeforeAll
    static void fill() {
        own = OwnRedis.start();
        client = RedisConnections.connect(own.url());
        dlq = DeadLetterQueue.redis(client, RedisKeys.withPrefix("cost"), new DlqSettings(true, 30, 10_000, "0 3 * * *", 10, 50),
                new MutableClock(T0), new SimpleMeterRegistry());
        for (int i = 0; i < OLD; i++) {
            dlq.add(entry("pdf-processing", "old failure " + i + " " + PADDING, T0.minus(Duration.ofDays(3)).plusSeconds(i)));
        }
        for (int i = 0; i < RECENT; i++) {
            DlqEntry e = entry("chapter-generation", "needle " + i + " " + PADDING, T0.minusSeconds(60 - i));
            recent.add(0, e.jobId());
            dlq.add(e);
        }
    }

    @AfterAll
    static void close() {
        client.close();
        own.close();
    }

    private static DlqEntry entry(String type, String message, Instant failedAt) {
        return new DlqEntry(UUID.randomUUID().toString(), type, Map.of("file", "a.pdf"), "java.io.IOException", message, null,
                ErrorSignature.of("java.io.IOException", message), 3, failedAt.minusSeconds(60), failedAt, null, null);
    }

    private static DlqQuery query(String type, Instant since, String text, int limit, String cursor) {
        return new DlqQuery(Optional.ofNullable(type), Optional.empty(), Optional.empty(), Optional.ofNullable(since),
                Optional.ofNullable(text), limit, Optional.ofNullable(cursor));
    }

    /** @return the page, and how many bytes Redis sent its clients meanwhile */
    private static Measured measure(Supplier<DlqPage> list) {
        long before = bytesSent();
        DlqPage page = list.get();
        return new Measured(page, bytesSent() - before);
    }

    private record Measured(DlqPage page, long bytes) {
    }

    private static long bytesSent() {
        try (Jedis admin = new Jedis(own.url())) {
            String stats = admin.info("stats");
            return stats.lines().filter(l -> l.startsWith("total_net_output_bytes:"))
                    .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
        }
    }

    private static List<String> ids(DlqPage page) {
        return page.entries().stream().map(DlqEntry::jobId).toList();
    }

    @Test
    void shouldReadOnlyTheRecentEntriesForATextFilterWhoseMatchesAreRecent() {
        Measured first = measure(() -> dlq.list(query(null, null, "needle", 5, null)));

        assertThat(ids(first.page())).containsExactlyElementsOf(recent.subList(0, 5));
        assertThat(first.page().nextCursor()).isNotNull();
        assertThat(first.bytes()).as("bytes read for a page of 5").isLessThan(FEW_ENTRIES);

        Measured second = measure(() -> dlq.list(query(null, null, "needle", 5, first.page().nextCursor())));

        assertThat(ids(second.page())).as("the cursor continues where the first page stopped")
                .containsExactlyElementsOf(recent.subList(5, 10));
        assertThat(second.bytes()).as("a later page starts at its cursor, not at the top").isLessThan(FEW_ENTRIES);
    }

    @Test
    void shouldNotReadEntriesOlderThanSince() {
        Measured page = measure(() -> dlq.list(query("chapter-generation", T0.minus(Duration.ofHours(1)), null, 50, null)));

        assertThat(ids(page.page())).containsExactlyElementsOf(recent);
        assertThat(page.page().nextCursor()).isNull();
        assertThat(page.bytes()).as("the old entries are outside since: not one is read").isLessThan(FEW_ENTRIES);
    }

    @Test
    void shouldStillFindMatchesDeepInTheQueueAndEndTheListing() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            DlqPage page = dlq.list(query(null, null, "old failure 7", 200, cursor));
            seen.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 100);

        // old failure 7, 70-79, 700-799 and 7000+ (none): 1 + 10 + 100 entries
        assertThat(seen).hasSize(111).doesNotHaveDuplicates();
        assertThat(cursor).as("the listing ends").isNull();
    }
}
