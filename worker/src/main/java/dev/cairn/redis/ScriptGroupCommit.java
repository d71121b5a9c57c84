package dev.cairn.redis;

import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Script calls of many threads sent together: each caller still waits for its own reply, but the calls that
 * queue up while one batch is on the wire go out as the next batch, in one pipeline (one write and one read
 * for Redis and for the worker, where each call alone costs both). A call made while nothing is in flight
 * goes out at once, alone, so a quiet worker's latency is one round trip, as before; a busy worker's is about
 * two (the batch on the wire, then its own), more only while over a batch's worth of calls wait at once.
 *
 * <p>Calls of one thread keep their order (a thread has one call queued at a time); calls of different
 * threads have none between them, as with separate connections. A connection failure fails every call of
 * its batch; an error reply fails only its own call.
 */
public final class ScriptGroupCommit {

    /** Calls at most in one pipeline: bounds one flush's time and the memory of its replies. */
    public static final int DEFAULT_MAX_BATCH = 64;

    private final UnifiedJedis redis;
    private final GuardedPipelines pipelines;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Call> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock flushing = new ReentrantLock();

    /**
     * @param redis    the client whose pooled connections carry the batches
     * @param breaker  the client's breaker, which a pipeline passes by (it wraps single commands); {@code null} for none
     * @param maxBatch calls at most in one pipeline (at least 1)
     */
    public ScriptGroupCommit(UnifiedJedis redis, RedisCircuitBreaker breaker, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        this.redis = redis;
        this.pipelines = new GuardedPipelines(redis, breaker);
        this.maxBatch = maxBatch;
    }

    /**
     * Runs a script in the next batch and waits for its reply.
     *
     * @param script the script
     * @param keys   KEYS
     * @param args   ARGV
     * @return the script's reply
     * @throws JedisException the call's own error reply, or the batch's connection failure
     */
    public Object run(LuaScript script, List<String> keys, List<String> args) {
        Call call = new Call(script, keys, args, Thread.currentThread());
        queued.add(call);
        // why: an interrupt neither tears a write nor ends the wait early; the caller gets it back afterwards.
        // A socket read of an interrupted virtual thread closes its connection, failing a batch of other threads'
        // calls, and a park returns at once while the flag is set: waiters would spin, and two spinning virtual
        // threads hold both carriers of a 2-core machine, so the thread sending the batch never runs again
        boolean interrupted = false;
        try {
            while (!call.done) {
                if (flushing.tryLock()) {
                    try {
                        while (!call.done) {
                            interrupted |= Thread.interrupted();
                            flush();
                        }
                    } finally {
                        flushing.unlock();
                    }
                    // why: a caller that found the lock taken parks; the first one still queued sends the next batch
                    Call next = queued.peek();
                    if (next != null) LockSupport.unpark(next.waiter);
                } else {
                    // why: woken when a batch answered this call, or when the lock came free with this call still queued
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        return call.reply();
    }

    private void flush() {
        List<Call> batch = new ArrayList<>(Math.min(maxBatch, 16));
        for (Call next; batch.size() < maxBatch && (next = queued.poll()) != null; ) batch.add(next);
        if (batch.isEmpty()) return;
        try {
            if (batch.size() == 1) runAlone(batch.get(0));
            else sendAll(batch);
        } catch (RuntimeException | Error e) {
            // why: a caller whose call is never answered would wait for ever
            JedisException error = e instanceof JedisException j ? j : new JedisException("sending " + batch.size() + " script call(s) failed", e);
            for (Call call : batch) if (!call.done) call.fail(error);
            if (e instanceof Error fatal) throw fatal;
        }
    }

    private void sendAll(List<Call> batch) {
        List<Response<Object>> responses = pipelines.run(pipeline -> {
            List<Response<Object>> queuedCalls = new ArrayList<>(batch.size());
            for (Call call : batch) queuedCalls.add(pipeline.evalsha(call.script.sha1(), call.keys, call.args));
            return queuedCalls;
        });
        for (int i = 0; i < batch.size(); i++) {
            Call call = batch.get(i);
            try {
                call.answer(responses.get(i).get());
            } catch (JedisDataException e) {
                // why: a server that lost its script cache (a restart, SCRIPT FLUSH): the script's own fallback to EVAL
                if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) runAlone(call);
                else call.fail(e);
            }
        }
    }

    /** One call by itself: a plain EVALSHA through the client (and its breaker) costs less than a pipeline around it. */
    private void runAlone(Call call) {
        try {
            call.answer(call.script.run(redis, call.keys, call.args));
        } catch (JedisException e) {
            call.fail(e);
        }
    }

    private static final class Call {
        final LuaScript script;
        final List<String> keys;
        final List<String> args;
        final Thread waiter;
        Object reply;
        JedisException error;
        // why: written after reply or error by the thread that sent the batch, read by the waiter in its loop
        volatile boolean done;

        Call(LuaScript script, List<String> keys, List<String> args, Thread waiter) {
            this.script = script;
            this.keys = keys;
            this.args = args;
            this.waiter = waiter;
        }

        void answer(Object value) {
            reply = value;
            done = true;
            LockSupport.unpark(waiter);
        }

        void fail(JedisException e) {
            error = e;
            done = true;
            LockSupport.unpark(waiter);
        }

        Object reply() {
            if (error != null) throw error;
            return reply;
        }
    }
}
