package dev.cairn.e2e;

import dev.cairn.config.DlqSettings;
import dev.cairn.dlq.DeadLetterQueue;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.ErrorSignature;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A child process for {@link DlqIT}: adds entries to one dead-letter queue as fast as it can, so two of
 * them race on the cap. Arguments: redis URL, key prefix, entries to add, cap, a start-line file both
 * wait for.
 */
public final class DlqLoad {

    private DlqLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        int cap = Integer.parseInt(args[3]);
        java.nio.file.Path startLine = java.nio.file.Path.of(args[4]);
        try (RedisClient redis = RedisConnections.connect(url)) {
            DeadLetterQueue dlq = DeadLetterQueue.redis(redis, RedisKeys.withPrefix(prefix),
                    new DlqSettings(true, 30, cap, "0 3 * * *", 10, 50), Clock.systemUTC(), new SimpleMeterRegistry());
            while (!java.nio.file.Files.exists(startLine)) Thread.onSpinWait();
            String[] types = {"pdf-processing", "chapter-generation", "custom"};
            for (int i = 0; i < count; i++) {
                String type = types[i % types.length];
                String message = "failure kind " + (char) ('a' + i % 5);
                dlq.add(new DlqEntry(UUID.randomUUID().toString(), type, Map.of("i", i), "E", message, null,
                        ErrorSignature.of("E", message), 1, null, Instant.now(), null, null));
            }
        }
    }
}
