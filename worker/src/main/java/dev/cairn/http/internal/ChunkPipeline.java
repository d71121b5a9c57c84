package dev.cairn.http.internal;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The chunks of a batch stored on threads of their own, up to {@link #DEPTH} at once, and answered strictly in
 * order, while the request's thread reads and parses the next chunk. Two chunks in flight overlap one chunk's
 * work in the worker (building and serialising its jobs) with the other's insert in the database; one chunk at a
 * time made the two take turns.
 *
 * <p>A chunk with idempotency keys starts only when no other chunk is in flight: its keys are then checked
 * against every earlier chunk's committed jobs, as one chunk at a time did, and two chunks can never both
 * insert the same key's job. Answers are written by one chunk's thread at a time: each waits for the chunk
 * before it, and writes nothing when that one failed (the response is broken already).
 */
final class ChunkPipeline {

    /** Chunks in flight at most. */
    static final int DEPTH = 2;

    private final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();

    private static final class Chunk {
        private final Thread thread;
        private volatile Throwable failure;

        Chunk(Supplier<Runnable> store, Chunk previous) {
            this.thread = Thread.ofVirtual().name("cairn-batch-chunk").unstarted(() -> {
                try {
                    Runnable answer = store.get();
                    if (previous != null) {
                        Throwable before = previous.join();
                        if (before != null) {
                            failure = before;
                            return;
                        }
                    }
                    answer.run();
                } catch (Throwable t) {
                    failure = t;
                }
            });
        }

        /** @return what the chunk failed with, {@code null} when it was stored and answered */
        Throwable join() {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    // why: the chunk's thread writes to this request's response; it must end before the request does
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            return failure;
        }
    }

    /**
     * Starts a chunk once there is room for it.
     *
     * @param store  stores the chunk (on the chunk's thread) and returns how to answer it, run once every
     *               earlier chunk was answered
     * @param keyed  whether the chunk holds idempotency keys: it then waits until no chunk is in flight
     * @throws RuntimeException what an earlier chunk threw (an {@link java.io.UncheckedIOException} when the client went
     *                          away), once no chunk is in flight any more
     */
    void start(Supplier<Runnable> store, boolean keyed) {
        while (inFlight.size() >= (keyed ? 1 : DEPTH)) joinOldest();
        Chunk chunk = new Chunk(store, inFlight.peekLast());
        inFlight.addLast(chunk);
        chunk.thread.start();
    }

    /**
     * Waits for every chunk in flight.
     *
     * @throws RuntimeException what the first of them that failed threw
     */
    void await() {
        while (!inFlight.isEmpty()) joinOldest();
    }

    /** Waits for every chunk in flight, ignoring their failures: the request is failing already. */
    void awaitQuietly() {
        while (!inFlight.isEmpty()) inFlight.removeFirst().join();
    }

    /** Waits for the oldest chunk; when it failed, for the others too (so none is left writing), then throws. */
    private void joinOldest() {
        Throwable failed = inFlight.removeFirst().join();
        if (failed == null) return;
        awaitQuietly();
        if (failed instanceof RuntimeException e) throw e;
        if (failed instanceof Error e) throw e;
        throw new IllegalStateException(failed);
    }
}
