package dev.cairn.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The lines of one {@code POST /api/jobs/batch} request, as the request body's stream: lines are taken
 * from the input only as the HTTP client reads the body, up to {@link #MAX_LINES} or {@link #MAX_BYTES}.
 * The request's lines are kept until its answer is read, so lines the worker did not read (a batch over
 * its {@code CAIRN_BATCH_MAX_LINES}, or a 429) can go again in the next request; nothing else is held.
 * The HTTP client reads the body on its own thread, possibly still after the answer arrived (a worker may
 * refuse before reading it all), so reading and {@link #finish()} are synchronized.
 */
final class BatchLines extends InputStream {

    /** Bytes per request, so the lines kept for a resend stay small whatever the line length. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private final Iterator<byte[]> input;
    private final Deque<byte[]> resend;
    private final int maxLines;
    private final List<byte[]> sent = new ArrayList<>();
    private long bytes;
    private byte[] current;
    private int position;
    private boolean closed;

    /**
     * @param input    where new lines come from (without line breaks)
     * @param resend   lines to send first, taken from the front
     * @param maxLines the most lines of this request
     */
    BatchLines(Iterator<byte[]> input, Deque<byte[]> resend, int maxLines) {
        this.input = input;
        this.resend = resend;
        this.maxLines = maxLines;
    }

    /** @return whether there is anything to send at all */
    static boolean anyLeft(Iterator<byte[]> input, Deque<byte[]> resend) {
        return !resend.isEmpty() || input.hasNext();
    }

    /** @return the lines of this request, in order, as sent so far */
    synchronized List<byte[]> sent() {
        return List.copyOf(sent);
    }

    /**
     * Ends the body: the HTTP client reads nothing more from it, so no further line leaves the input or the
     * resend queue for this request.
     *
     * @return the lines of this request, in order, as sent
     */
    synchronized List<byte[]> finish() {
        closed = true;
        return List.copyOf(sent);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) {
        if (length == 0) return 0;
        if (current == null || position == current.length) {
            if (!advance()) return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, into, offset, n);
        position += n;
        return n;
    }

    private boolean advance() {
        if (closed || sent.size() >= maxLines || bytes >= MAX_BYTES) return false;
        byte[] line;
        if (!resend.isEmpty()) {
            line = resend.pollFirst();
        } else if (input.hasNext()) {
            line = input.next();
        } else {
            return false;
        }
        sent.add(line);
        bytes += line.length + 1;
        current = new byte[line.length + 1];
        System.arraycopy(line, 0, current, 0, line.length);
        current[line.length] = '\n';
        position = 0;
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /**
     * @param lines the lines of a request the worker did not read, to go first in the next one
     * @param into  the resend queue
     */
    static void requeue(List<byte[]> lines, Deque<byte[]> into) {
        for (int i = lines.size() - 1; i >= 0; i--) into.addFirst(lines.get(i));
    }

    /** @return an empty resend queue */
    static Deque<byte[]> noResend() {
        return new ArrayDeque<>();
    }

    /** An input of lines from a reader, one line at a time. */
    static Iterator<byte[]> of(java.io.BufferedReader reader) {
        return new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                try {
                    next = reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                String line = next;
                next = null;
                return line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        };
    }
}
