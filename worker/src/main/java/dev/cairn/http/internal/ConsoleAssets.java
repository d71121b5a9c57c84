package dev.cairn.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's static files, read once from the jar ({@code dev/cairn/http/console/}). Only the names listed here
 * are served, each with its content type: no path from a request ever reaches the class loader.
 */
final class ConsoleAssets {

    /** The page itself. */
    static final String INDEX = "index.html";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry(INDEX, "text/html; charset=utf-8"),
            Map.entry("style.css", "text/css; charset=utf-8"),
            Map.entry("favicon.svg", "image/svg+xml"),
            Map.entry("app.js", "text/javascript; charset=utf-8"),
            Map.entry("api.js", "text/javascript; charset=utf-8"),
            Map.entry("ui.js", "text/javascript; charset=utf-8"),
            Map.entry("overview.js", "text/javascript; charset=utf-8"),
            Map.entry("jobs.js", "text/javascript; charset=utf-8"),
            Map.entry("dlq.js", "text/javascript; charset=utf-8"),
            Map.entry("breakers.js", "text/javascript; charset=utf-8"),
            Map.entry("workers.js", "text/javascript; charset=utf-8"));

    /**
     * A file to serve.
     *
     * @param type  its Content-Type
     * @param bytes its content
     */
    record Asset(String type, byte[] bytes) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** @throws IllegalStateException when a listed file is missing from the jar (a packaging bug) */
    ConsoleAssets() {
        for (Map.Entry<String, String> entry : TYPES.entrySet()) {
            String resource = "/dev/cairn/http/console/" + entry.getKey();
            try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("the console file " + resource + " is missing from the jar");
                assets.put(entry.getKey(), new Asset(entry.getValue(), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the console file " + resource, e);
            }
        }
    }

    /** @param name a file name as requested @return the file, empty when the console has none of that name */
    Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }
}
