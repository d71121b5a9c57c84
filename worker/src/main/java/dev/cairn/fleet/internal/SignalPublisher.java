package dev.cairn.fleet.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Publishes "jobs ready" messages, each carrying an id of its own ({@code <publisher>:<n>}) for workers to
 * claim, at most one every {@link #MIN_GAP}, on a thread of its own: a request while one is waiting to be
 * published is folded into it. A lone request goes out at once; a burst (enqueues from many API clients)
 * costs one message per gap, not one per job. One message stands for every request it absorbed, because
 * the worker that answers it looks for all the jobs enqueued until then.
 */
final class SignalPublisher implements AutoCloseable {

    /** The shortest time between two messages of one publisher. */
    static final Duration MIN_GAP = Duration.ofMillis(5);
    /** What a message of this publisher looks like; anything else (an older worker's {@code 1}) has no id. */
    static final Pattern SIGNAL_ID = Pattern.compile("[0-9a-f]{1,32}:[0-9]{1,19}");

    private static final Logger LOG = LoggerFactory.getLogger(SignalPublisher.class);

    private final UnifiedJedis redis;
    private final String channel;
    private final String publisherId;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService thread;
    private volatile long lastPublishedAt;

    SignalPublisher(UnifiedJedis redis, String channel, String publisherId, Clock clock) {
        this.redis = redis;
        this.channel = channel;
        this.publisherId = publisherId;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cairn-work-signal-publish").factory());
    }

    /** Publishes a message soon (at once, unless one went out less than {@link #MIN_GAP} ago); returns at once. */
    void request() {
        if (!pending.compareAndSet(false, true)) return;
        long wait = lastPublishedAt + MIN_GAP.toMillis() - clock.millis();
        try {
            thread.schedule(this::publish, Math.max(0, wait), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            pending.set(false);
        }
    }

    private void publish() {
        // why: in this order, a request that finds nothing pending also sees this message's time
        lastPublishedAt = clock.millis();
        pending.set(false);
        String id = publisherId + ":" + sent.incrementAndGet();
        try {
            redis.publish(channel, id);
        } catch (JedisException e) {
            // why: a hint only; workers still find the job at their next poll
            LOG.debug("Could not signal ready work on {}: {}", channel, e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
