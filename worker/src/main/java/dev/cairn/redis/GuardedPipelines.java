package dev.cairn.redis;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

import java.util.function.Function;

/**
 * Pipelines of a client whose commands pass a {@link RedisCircuitBreaker}. A pipeline's commands do not go
 * through the client's wrapped executor, so without this an open breaker would not refuse them: each batch
 * would try to connect and wait for its timeout, and its failures would not count towards opening the breaker.
 * Here one pipeline counts as one call: refused at once while the breaker is open, its connection failure or
 * answer counted.
 */
public final class GuardedPipelines {

    private final UnifiedJedis redis;
    private final RedisCircuitBreaker breaker;

    /**
     * @param redis   the client
     * @param breaker the breaker that wraps the client's commands; {@code null} for none
     */
    public GuardedPipelines(UnifiedJedis redis, RedisCircuitBreaker breaker) {
        this.redis = redis;
        this.breaker = breaker;
    }

    /**
     * Opens a pipeline, lets {@code body} queue its commands, then sends them and reads every reply.
     *
     * @param body queues commands; what it returns (typically its {@code Response}s) is returned once they are answered
     * @param <T>  its result
     * @return what {@code body} returned, its responses now filled in
     */
    public <T> T run(Function<AbstractPipeline, T> body) {
        return breaker == null ? send(body) : breaker.call(() -> send(body));
    }

    private <T> T send(Function<AbstractPipeline, T> body) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            T queued = body.apply(pipeline);
            pipeline.sync();
            return queued;
        }
    }
}
