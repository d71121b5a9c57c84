package dev.cairn.dlq.internal;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the DLQ's time-ordered set newest first, in batches. Entries with the same failure time are
 * ordered by job id (descending, as Redis orders equal scores in reverse), so a position (time, id) is
 * exact and a page never repeats or skips an entry that stayed put.
 */
final class TimeOrder {

    /** A place in the walk: after the entry (failedAtMs, jobId). */
    record Position(long failedAtMs, String jobId) {

        static final Position START = new Position(Long.MAX_VALUE, null);

        /**
         * @param cursor a cursor this class formatted
         * @return the position
         * @throws IllegalArgumentException when it is not one
         */
        static Position parse(String cursor) {
            int colon = cursor.indexOf(':');
            try {
                if (colon <= 0 || colon == cursor.length() - 1) throw new NumberFormatException();
                return new Position(Long.parseLong(cursor.substring(0, colon)), cursor.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor '" + cursor + "' is not one this API handed out; pass the next_cursor of the previous page");
            }
        }

        /** @return whether the entry comes after this position, newest first */
        boolean isBefore(dev.cairn.dlq.DlqEntry entry) {
            if (jobId == null) return true;
            long at = entry.lastFailedAt().toEpochMilli();
            return at < failedAtMs || (at == failedAtMs && entry.jobId().compareTo(jobId) < 0);
        }

        String format() {
            return failedAtMs + ":" + jobId;
        }
    }

    /** One entry's place: its id and failure time. */
    record Item(String jobId, long failedAtMs) {
    }

    private final UnifiedJedis redis;
    private final String key;
    private final Position after;
    private final double max;
    private final double min;
    private int offset;
    private boolean exhausted;

    TimeOrder(UnifiedJedis redis, DlqKeys keys, Position after) {
        this(redis, keys, after, Optional.empty());
    }

    /**
     * @param since when present, the walk ends at the first entry that failed before it: the sorted set bounds
     *              it, so older entries are never read
     */
    TimeOrder(UnifiedJedis redis, DlqKeys keys, Position after, Optional<Instant> since) {
        this.redis = redis;
        this.key = keys.byTime();
        this.after = after;
        this.max = after.jobId() == null ? Double.POSITIVE_INFINITY : after.failedAtMs();
        this.min = since.map(at -> (double) at.toEpochMilli()).orElse(Double.NEGATIVE_INFINITY);
    }

    /** @return whether the last {@link #next} reached the end of the walk (nothing more to read) */
    boolean exhausted() {
        return exhausted;
    }

    /**
     * @param size how many to read
     * @return the next entries after the start position, newest first; empty at the end
     */
    List<Item> next(int size) {
        while (true) {
            List<Tuple> tuples = redis.zrevrangeByScoreWithScores(key, max, min, offset, size);
            exhausted = tuples.size() < size;
            if (tuples.isEmpty()) return List.of();
            offset += tuples.size();
            List<Item> items = new ArrayList<>(tuples.size());
            for (Tuple t : tuples) {
                long at = (long) t.getScore();
                if (after.jobId() != null && at == after.failedAtMs() && t.getElement().compareTo(after.jobId()) >= 0) continue;
                items.add(new Item(t.getElement(), at));
            }
            if (!items.isEmpty()) return items;
        }
    }
}
