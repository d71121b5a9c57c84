package dev.cairn.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.http.Context;
import org.eclipse.jetty.server.Request;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A response of JSON lines ({@code application/x-ndjson}) written as the values come, so an export of
 * any size holds one value in memory, not all. The response body is only opened by the first line: a
 * failure before it still leaves as an ordinary JSON error; a failure after it breaks the connection
 * ({@link #abort}), so the client sees a broken transfer instead of a short file that looks complete.
 */
final class NdjsonStream {

    /** The media type of JSON lines. */
    static final String CONTENT_TYPE = "application/x-ndjson";

    private static final int BUFFER_BYTES = 16 * 1024;

    private final Context ctx;
    private final ObjectWriter writer;
    private OutputStream out;
    private long lines;

    /**
     * @param ctx  the response to write; its content type is set now
     * @param json the mapper for each line
     */
    NdjsonStream(Context ctx, ObjectMapper json) {
        this.ctx = ctx;
        this.writer = json.writer();
        ctx.contentType(CONTENT_TYPE);
    }

    /**
     * Writes one value as one line.
     *
     * @param value the value
     * @throws UncheckedIOException when the client went away
     */
    void write(Object value) {
        try {
            writeLine(writer.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a line of JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes one line of JSON the caller has already encoded (a batch's answer for a stored job, written
     * 20,000 times per batch, is cheaper built by hand than through the mapper).
     *
     * @param json one JSON value, UTF-8, without a line break
     * @throws UncheckedIOException when the client went away
     */
    void writeLine(byte[] json) {
        try {
            if (out == null) out = new BufferedOutputStream(ctx.outputStream(), BUFFER_BYTES);
            out.write(json);
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether the body has been opened, so an error response is no longer possible */
    boolean started() {
        return out != null;
    }

    /** @return how many lines were written */
    long lines() {
        return lines;
    }

    /**
     * Sends what is buffered; the response then ends normally.
     *
     * @throws UncheckedIOException when the client went away
     */
    void finish() {
        if (out == null) return;
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Breaks the connection without ending the body: with chunked transfer the client sees the missing
     * last chunk and reports an error, instead of taking the lines so far for the whole export.
     *
     * @param cause why
     */
    void abort(Throwable cause) {
        Request base = Request.getBaseRequest(ctx.req());
        if (base != null) base.getHttpChannel().abort(cause);
    }
}
