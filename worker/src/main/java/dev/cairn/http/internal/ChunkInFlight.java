package dev.cairn.http.internal;

/**
 * One chunk of a batch being stored and answered on a thread of its own, so the request's thread reads and
 * parses the next chunk meanwhile: the database's insert and the client's sending overlap instead of taking
 * turns. At most one chunk is in flight, so chunks are still stored one after the other, in order (their
 * idempotency keys are checked against every earlier chunk as before), and their answers are written in
 * order by one thread at a time.
 */
final class ChunkInFlight {

    private Thread running;
    private Throwable failure;

    /** Waits for the chunk in flight, then starts {@code storeAndAnswer} for the next one. */
    void start(Runnable storeAndAnswer) {
        await();
        running = Thread.ofVirtual().name("cairn-batch-chunk").start(() -> {
            try {
                storeAndAnswer.run();
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    /**
     * Waits for the chunk in flight, if any.
     *
     * @throws RuntimeException what storing or answering it threw (an {@link java.io.UncheckedIOException} when the client went away)
     */
    void await() {
        Throwable failed = join();
        if (failed instanceof RuntimeException e) throw e;
        if (failed instanceof Error e) throw e;
        if (failed != null) throw new IllegalStateException(failed);
    }

    /** Waits for the chunk in flight, if any, ignoring its failure: the request is failing already. */
    void awaitQuietly() {
        join();
    }

    private Throwable join() {
        if (running == null) return null;
        boolean interrupted = false;
        while (true) {
            try {
                running.join();
                break;
            } catch (InterruptedException e) {
                // why: the chunk's thread writes to this request's response; it must end before the request does
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        running = null;
        Throwable failed = failure;
        failure = null;
        return failed;
    }
}
