package dev.cairn.dlq.internal;

import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqPage;
import dev.cairn.dlq.DlqQuery;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import static dev.cairn.redis.RedisUnavailableException.during;

/**
 * Pages and exports of the DLQ. A page reads from its cursor on, newest first, and stops as soon as it is
 * full: a filtered page over a large queue whose matches are recent reads those, not the queue (so a
 * filtered listing may end with an empty page, the price of not reading on to the end to rule out a next). {@code since} bounds the walk in the
 * time-ordered set, so older entries are never read at all. Filters the index holds (type, signature) are
 * checked there before any entry body is read; error class and text need the bodies.
 */
final class DlqListing {

    /** Entries read per round trip at most when a listing or export walks the queue. */
    static final int SCAN_BATCH = 500;

    private final UnifiedJedis redis;
    private final DlqKeys keys;
    private final Function<String, DlqEntry> read;

    DlqListing(UnifiedJedis redis, DlqKeys keys, Function<String, DlqEntry> read) {
        this.redis = redis;
        this.keys = keys;
        this.read = read;
    }

    DlqPage list(DlqQuery query) {
        TimeOrder.Position start = query.cursor().map(TimeOrder.Position::parse).orElse(TimeOrder.Position.START);
        TimeOrder order = new TimeOrder(redis, keys, start, query.since());
        int limit = query.limit();
        List<DlqEntry> found = new ArrayList<>(limit + 1);
        boolean unexamined = false;
        int batchSize = limit + 1;
        while (found.size() < limit) {
            int size = batchSize;
            List<TimeOrder.Item> batch = during("listing the dead-letter queue", () -> order.next(size));
            if (batch.isEmpty()) break;
            unexamined = collect(cheapFilter(batch, query), query, found, limit);
            // why: a filter that matches little of what was read reads larger batches next, in fewer round trips
            batchSize = Math.min(SCAN_BATCH, batchSize * 2);
        }
        // why: one entry past the page, when it was read anyway, tells there is more; a full page whose next match
        // was not read yet hands out a cursor too, rather than read on to the end of the queue to find out
        boolean more = found.size() > limit || (found.size() == limit && (unexamined || !order.exhausted()));
        List<DlqEntry> page = found.size() > limit ? found.subList(0, limit) : found;
        String next = null;
        if (more) {
            DlqEntry last = page.get(page.size() - 1);
            next = new TimeOrder.Position(last.lastFailedAt().toEpochMilli(), last.jobId()).format();
        }
        return new DlqPage(page, total(query), next);
    }

    long export(DlqQuery query, Consumer<DlqEntry> sink) {
        long count = 0;
        TimeOrder order = new TimeOrder(redis, keys, TimeOrder.Position.START, query.since());
        List<TimeOrder.Item> batch;
        while (!(batch = during("exporting the dead-letter queue", () -> order.next(SCAN_BATCH))).isEmpty()) {
            for (DlqEntry entry : bodies(cheapFilter(batch, query), query)) {
                sink.accept(entry);
                count++;
            }
        }
        return count;
    }

    /**
     * @return how many entries match in all, when Redis keeps that count (no filter, or only one of type,
     * signature, since); null otherwise: counting would read the whole queue
     */
    private Long total(DlqQuery query) {
        boolean bodyFilters = query.errorClass().isPresent() || query.text().isPresent();
        int indexFilters = (query.type().isPresent() ? 1 : 0) + (query.signature().isPresent() ? 1 : 0) + (query.since().isPresent() ? 1 : 0);
        if (bodyFilters || indexFilters > 1) return null;
        return during("counting the dead-letter queue", () -> {
            if (query.type().isPresent()) return count(redis.zscore(keys.types(), query.type().get()));
            if (query.signature().isPresent()) return count(redis.zscore(keys.signatures(), query.signature().get()));
            if (query.since().isPresent()) {
                return redis.zcount(keys.byTime(), query.since().get().toEpochMilli(), Double.POSITIVE_INFINITY);
            }
            return redis.zcard(keys.byTime());
        });
    }

    private static long count(Double score) {
        return score == null ? 0 : score.longValue();
    }

    /**
     * Reads the bodies of {@code items} until {@code found} holds a page ({@code limit}): as many as the page
     * still needs and one more (which tells whether there is a next page), then, when filters dropped some,
     * twice as many each round trip.
     *
     * @return whether some of {@code items} were not read
     */
    private boolean collect(List<TimeOrder.Item> items, DlqQuery query, List<DlqEntry> found, int limit) {
        int from = 0;
        int readAhead = limit + 1 - found.size();
        while (from < items.size() && found.size() < limit) {
            int to = Math.min(items.size(), from + Math.max(readAhead, limit + 1 - found.size()));
            for (DlqEntry entry : bodies(items.subList(from, to), query)) {
                if (found.size() <= limit) found.add(entry);
            }
            from = to;
            readAhead = Math.min(SCAN_BATCH, readAhead * 2);
        }
        return from < items.size();
    }

    /** Filters on what the index and the scores hold, without reading entry bodies. */
    private List<TimeOrder.Item> cheapFilter(List<TimeOrder.Item> batch, DlqQuery query) {
        if (batch.isEmpty() || !(query.type().isPresent() || query.signature().isPresent())) return batch;
        List<String> metas = during("reading the dead-letter index", () -> redis.hmget(keys.index(), ids(batch)));
        List<TimeOrder.Item> kept = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            String meta = metas.get(i);
            if (meta == null) continue;
            int nl = meta.indexOf('\n');
            if (query.type().isPresent() && !query.type().get().equals(meta.substring(0, nl))) continue;
            if (query.signature().isPresent() && !query.signature().get().equals(meta.substring(nl + 1))) continue;
            kept.add(batch.get(i));
        }
        return kept;
    }

    private List<DlqEntry> bodies(List<TimeOrder.Item> items, DlqQuery query) {
        if (items.isEmpty()) return List.of();
        List<String> bodies = during("reading dead-letter entries", () -> redis.hmget(keys.entries(), ids(items)));
        List<DlqEntry> out = new ArrayList<>(items.size());
        for (String body : bodies) {
            if (body == null) continue; // removed between the two reads
            DlqEntry entry = read.apply(body);
            if (query.matches(entry)) out.add(entry);
        }
        return out;
    }

    private static String[] ids(List<TimeOrder.Item> items) {
        return items.stream().map(TimeOrder.Item::jobId).toArray(String[]::new);
    }
}
