package dev.cairn.cli;

import dev.cairn.api.client.BatchLineResult;

import java.io.PrintWriter;

/**
 * The progress line of {@code cairn enqueue batch} on a terminal: rewritten in place (carriage return) at
 * most every {@value #EVERY_MS} ms, cleared when the batch ends.
 */
class BatchProgress {

    static final long EVERY_MS = 100;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private long answered;
    private long refused;
    private long lastDrawn;
    private int drawnLength;

    BatchProgress(PrintWriter err) {
        this.err = err;
    }

    /** @return a progress that draws nothing (not a terminal, or {@code --no-progress}) */
    static BatchProgress silent() {
        return new BatchProgress(null) {
            @Override
            void update(BatchLineResult result) {
            }

            @Override
            void done() {
            }

            @Override
            void clear() {
            }
        };
    }

    void update(BatchLineResult result) {
        answered++;
        if (!result.accepted()) refused++;
        long now = System.nanoTime() / 1_000_000;
        if (now - lastDrawn < EVERY_MS) return;
        lastDrawn = now;
        // why: the total is unknown while streaming; the bar spins through its width as answers come
        int filled = (int) (answered / 1_000 % (WIDTH + 1));
        String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + EnqueueBatchCommand.count(answered)
                + " line(s) answered, " + EnqueueBatchCommand.count(refused) + " refused";
        err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        err.flush();
        drawnLength = line.length();
    }

    /** Clears the line, so another line can be printed on stderr; the next update draws it again. */
    void clear() {
        if (drawnLength == 0) return;
        err.print("\r" + " ".repeat(drawnLength) + "\r");
        err.flush();
        drawnLength = 0;
        lastDrawn = 0;
    }

    void done() {
        clear();
    }
}
