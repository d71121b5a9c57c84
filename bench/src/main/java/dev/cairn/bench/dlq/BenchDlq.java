package dev.cairn.bench.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cairn.config.DlqSettings;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import redis.clients.jedis.UnifiedJedis;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/** The Cairn DLQ the three DLQ benchmarks measure, and what they share: its settings, filling it, the JSON body. */
public final class BenchDlq {

    /** Entries in the queue for every DLQ figure: the default cap ({@code CAIRN_DLQ_MAX_ENTRIES}). */
    public static final int ENTRIES = DlqSettings.DEFAULT_MAX_ENTRIES;
    static final DlqSettings SETTINGS = new DlqSettings(true, DlqSettings.DEFAULT_RETENTION_DAYS, ENTRIES,
            DlqSettings.DEFAULT_CLEANUP_CRON, DlqSettings.DEFAULT_WARNING_THRESHOLD, DlqSettings.DEFAULT_CRITICAL_THRESHOLD);

    // why the worker's settings: the peers store the very body Cairn stores (RedisDeadLetterQueue's mapper)
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private BenchDlq() {
    }

    /**
     * @param under a key prefix of its own (below the run's prefix), so each benchmark's keys can be
     *              deleted as soon as it is done
     * @return the real Redis DLQ
     */
    static DeadLetterQueue queue(UnifiedJedis client, String under, Clock clock, SimpleMeterRegistry meters) {
        return DeadLetterQueue.redis(client, RedisKeys.withPrefix(under), SETTINGS, clock, meters);
    }

    /** Adds every entry through {@link DeadLetterQueue#add} (untimed set-up); each must be new. */
    static void fill(DeadLetterQueue dlq, List<DlqEntry> entries) {
        for (DlqEntry entry : entries) {
            DeadLetterQueue.AddOutcome outcome = dlq.add(entry);
            if (outcome != DeadLetterQueue.AddOutcome.ADDED) throw new IllegalStateException("filling: " + entry.jobId() + " was " + outcome);
        }
    }

    /** @return the entry as JSON, the body both Cairn and the peers store */
    static String json(DlqEntry entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
