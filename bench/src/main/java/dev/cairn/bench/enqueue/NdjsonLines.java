package dev.cairn.bench.enqueue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * A request body of {@code count} NDJSON lines made one at a time as the client reads it, so a batch of
 * 20,000 jobs is streamed to the worker without the bench building a 1 MB string first.
 */
final class NdjsonLines extends InputStream {

    private final int count;
    private final IntFunction<String> line;
    private int next;
    private byte[] buffer = new byte[0];
    private int position;

    /** @param line the JSON object of line {@code i} (0-based), without its newline */
    NdjsonLines(int count, IntFunction<String> line) {
        this.count = count;
        this.line = line;
    }

    private boolean fill() {
        if (position < buffer.length) return true;
        if (next >= count) return false;
        buffer = (line.apply(next++) + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }

    @Override
    public int read() {
        return fill() ? buffer[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) return 0;
        int copied = 0;
        while (copied < length && fill()) {
            int n = Math.min(length - copied, buffer.length - position);
            System.arraycopy(buffer, position, into, offset + copied, n);
            position += n;
            copied += n;
        }
        return copied == 0 ? -1 : copied;
    }
}
