package dev.cairn.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document of the whole HTTP API (docs/design.md "HTTP API"), so a
 * producer in any language can generate a client. The document is the hand-written resource
 * {@value #RESOURCE}; only {@code info.version} is filled in, with the worker's version. It holds no secrets, so
 * it needs no token; the Host check applies as to every other read ({@link BrowserChecks}).
 */
public final class OpenApiController {

    /** Where the document lives on the class path. */
    public static final String RESOURCE = "/dev/cairn/http/openapi.json";

    private final byte[] document;

    /**
     * Reads the document once; a worker built without it fails here, at start-up, not on the first request.
     *
     * @param json    parses and writes the document
     * @param version the worker's version, for {@code info.version}
     */
    public OpenApiController(ObjectMapper json, String version) {
        this.document = load(json, version);
    }

    /** @param app registers the route */
    public void register(Javalin app) {
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document));
    }

    private static byte[] load(ObjectMapper json, String version) {
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the class path");
            JsonNode root = json.readTree(in);
            ((ObjectNode) root.path("info")).put("version", version);
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
        }
    }
}
