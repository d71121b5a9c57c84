package dev.cairn.http.internal;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: the Prometheus text exposition of every meter in the registry. */
public final class MetricsController {

    /** The content type Prometheus expects for the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    /** @param registry the registry to scrape */
    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** @param app registers the route */
    public void register(Javalin app) {
        app.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(registry.scrape()));
    }
}
