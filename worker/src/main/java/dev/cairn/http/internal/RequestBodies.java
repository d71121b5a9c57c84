package dev.cairn.http.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

/**
 * Reading request bodies within limits. Javalin's own {@code ctx.body()} trusts Content-Length only
 * and buffers chunked bodies without bound, so bodies are read here from the raw stream, counting.
 */
public final class RequestBodies {

    /** Largest JSON body accepted: job payloads are small; files go through {@code /api/files}. */
    public static final int MAX_JSON_BYTES = 1024 * 1024;

    private static final Set<String> JSON_TYPES = Set.of("application/json");

    private final ObjectMapper json;

    /** @param json the mapper that parses bodies */
    public RequestBodies(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The media type of the request without parameters, lower case; {@code null} when the request has
     * no Content-Type.
     *
     * @param ctx the request
     * @return e.g. {@code application/json}
     */
    public static String mediaType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null || header.isBlank()) return null;
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the body as one JSON value; any other type than JSON is refused. A body without Content-Type never
     * gets here ({@link BrowserChecks} refuses it), so a missing type only means an empty body.
     *
     * @param ctx the request
     * @return the parsed body, never {@code null}
     * @throws ApiException 415, 413 or 400 {@code invalid_json}
     */
    public JsonNode readJson(Context ctx) {
        String type = mediaType(ctx);
        if (type != null && !JSON_TYPES.contains(type) && !type.endsWith("+json")) {
            throw ApiException.unsupportedMediaType("the body must be JSON sent with Content-Type: application/json, got '"
                    + type + "'");
        }
        byte[] body = readBounded(ctx, MAX_JSON_BYTES);
        if (body.length == 0) {
            throw new ApiException(400, ErrorCodes.INVALID_JSON, "the request body is empty; expected a JSON object");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(400, ErrorCodes.INVALID_JSON, "the request body is empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, ErrorCodes.INVALID_JSON, "the request body is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new ApiException(400, ErrorCodes.INVALID_JSON, "the request body could not be read as JSON");
        }
    }

    private static byte[] readBounded(Context ctx, int limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) throw tooLarge(limit);
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > limit) throw tooLarge(limit);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read (the client went away?)");
        }
    }

    private static ApiException tooLarge(int limit) {
        return ApiException.tooLarge("the JSON body is larger than " + (limit / 1024) + " KiB; "
                + "upload files with POST /api/files and pass their name in the payload");
    }

    /** Jackson's message without the source excerpt, plus where it went wrong. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message != null) {
            // why: keep it one line and short; the original may quote a long token
            message = message.replaceAll("\\s+", " ");
            if (message.length() > 200) message = message.substring(0, 200) + "…";
        }
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            message += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        }
        return message;
    }
}
