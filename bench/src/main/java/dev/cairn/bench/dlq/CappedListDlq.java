package dev.cairn.bench.dlq;

import dev.cairn.dlq.DlqEntry;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;

/**
 * The peer of {@code dlq_add_at_cap}: the classic capped dead-job list of Resque/Sidekiq-era queues.
 * An add is {@code LPUSH} of the entry's JSON and {@code LTRIM 0 cap-1}, pipelined (one round trip):
 * the cheapest capped add there is, with no counts, no index, no de-duplication and no way to find
 * one job but to scan the list.
 */
final class CappedListDlq {

    private final UnifiedJedis client;
    private final String key;
    private final int cap;

    CappedListDlq(UnifiedJedis client, String under, int cap) {
        this.client = client;
        this.key = under + "capped-list-dlq";
        this.cap = cap;
    }

    /** Serialises the entry (as Cairn's add does) and pushes it, dropping the oldest past the cap. */
    void add(DlqEntry entry) {
        String body = BenchDlq.json(entry);
        try (AbstractPipeline p = client.pipelined()) {
            p.lpush(key, body);
            p.ltrim(key, 0, cap - 1);
            p.sync();
        }
    }

    /** Fills it to the cap (untimed set-up), pipelined in batches. */
    void fill(List<DlqEntry> entries) {
        for (int from = 0; from < entries.size(); from += 500) {
            try (AbstractPipeline p = client.pipelined()) {
                for (DlqEntry e : entries.subList(from, Math.min(entries.size(), from + 500))) p.lpush(key, BenchDlq.json(e));
                p.ltrim(key, 0, cap - 1);
                p.sync();
            }
        }
    }

    long size() {
        return client.llen(key);
    }

    void delete() {
        client.del(key);
    }
}
