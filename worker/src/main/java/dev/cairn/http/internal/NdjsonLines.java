package dev.cairn.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body of JSON lines one line at a time, holding at most one line: a line longer than
 * the limit is skipped to its end and reported as such, never buffered. Lines end with {@code \n}
 * ({@code \r\n} too); the last line needs no line break.
 */
final class NdjsonLines {

    /** One line of the body. */
    sealed interface Line permits Content, TooLong {
        /** @return the line's number, from 1, counting every line of the body (blank ones too) */
        long number();
    }

    /**
     * @param number the line's number
     * @param bytes  the line without its line break
     */
    record Content(long number, byte[] bytes) implements Line {
        /** @return whether the line holds nothing but whitespace */
        boolean blank() {
            for (byte b : bytes) if (b != ' ' && b != '\t' && b != '\r') return false;
            return true;
        }
    }

    /** @param number the line's number */
    record TooLong(long number) implements Line {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private long number;
    private boolean ended;

    /**
     * @param in           the body
     * @param maxLineBytes the longest line taken
     */
    NdjsonLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * @return the next line, or {@code null} at the end of the body
     * @throws IOException when the body cannot be read (the client went away)
     */
    Line next() throws IOException {
        if (ended) return null;
        byte[] line = new byte[256];
        int length = 0;
        long total = 0;
        while (true) {
            if (position == limit && !fill()) {
                ended = true;
                if (total == 0) return null;
                break;
            }
            byte b = buffer[position++];
            if (b == '\n') break;
            total++;
            if (total <= maxLineBytes) {
                if (length == line.length) line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
                line[length++] = b;
            }
        }
        number++;
        if (total > maxLineBytes) return new TooLong(number);
        if (length > 0 && line[length - 1] == '\r') length--;
        return new Content(number, Arrays.copyOf(line, length));
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) return false;
        position = 0;
        limit = n;
        return true;
    }
}
