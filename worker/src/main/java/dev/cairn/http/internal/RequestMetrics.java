package dev.cairn.http.internal;

import dev.cairn.metrics.MeterCache;
import dev.cairn.metrics.MetricNames;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Times every request the API answers into Micrometer's standard {@code http.server.requests}
 * ({@code http_server_requests_seconds{method,uri,status,outcome}}, docs/metrics.md "HTTP API"), with a
 * before-handler registered ahead of all others and an after-handler, which Javalin runs whatever happened in
 * between: responses written by {@link ErrorMapping} and refusals of the before-handlers (Host, browser, token)
 * are recorded with the status they went out with.
 *
 * <p>{@code uri} is the template of the route the request's method and path match ({@code /api/jobs/{id}}), else
 * of a route of another method with that path (a 405, or a HEAD that Javalin answers from the GET route), else
 * {@value #NOT_FOUND}, so the label stays bounded whatever paths clients send. The template is looked up in Javalin's router, as Javalin's
 * own Micrometer plugin does, rather than read from {@code ctx.endpointHandlerPath()}: a request that a
 * before-handler refused never reached its endpoint, and that path then names the before-handler
 * ({@code *}, {@code /api/*}). Requests Jetty refuses before Javalin sees them (a malformed URI, headers too
 * large) are not recorded.
 */
public final class RequestMetrics {

    /** The {@code uri} of a request no route matches. */
    public static final String NOT_FOUND = "NOT_FOUND";

    /** Bounds of {@code http_server_requests_seconds_bucket}: a health probe's milliseconds up to a large upload or batch. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    private static final List<HandlerType> HTTP_METHODS = Arrays.stream(HandlerType.values()).filter(HandlerType::isHttpMethod).toList();
    private static final String STARTED_AT = RequestMetrics.class.getName() + ".startedAt";

    private final MeterRegistry registry;
    private final InternalRouter router;
    private final MeterCache timers = new MeterCache();

    private RequestMetrics(MeterRegistry registry, InternalRouter router) {
        this.registry = registry;
        this.router = router;
    }

    /**
     * Registers the handlers; call it before any other before-handler, so that the requests those refuse are timed too.
     *
     * @param app      the Javalin app, before it starts
     * @param registry where the timer goes
     */
    public static void install(Javalin app, MeterRegistry registry) {
        // why pvt: the router is the only place that knows which route a refused request was meant for
        RequestMetrics metrics = new RequestMetrics(registry, app.unsafeConfig().pvt.internalRouter);
        app.before(metrics::start);
        app.after(metrics::stop);
    }

    private void start(Context ctx) {
        ctx.attribute(STARTED_AT, System.nanoTime());
    }

    private void stop(Context ctx) {
        Long startedAt = ctx.attribute(STARTED_AT);
        if (startedAt == null) return;
        timer(ctx.method().name(), routeTemplate(ctx), ctx.statusCode()).record(System.nanoTime() - startedAt, TimeUnit.NANOSECONDS);
    }

    /** @return the template of the route Javalin matches for the request's path and method, or for its path alone; else {@value #NOT_FOUND} */
    private String routeTemplate(Context ctx) {
        // why: as Javalin's servlet matches it, without the context path
        String path = ctx.path().startsWith(ctx.contextPath()) ? ctx.path().substring(ctx.contextPath().length()) : ctx.path();
        Optional<String> template = templateFor(ctx.method(), path);
        if (template.isPresent()) return template.get();
        for (HandlerType other : HTTP_METHODS) {
            template = templateFor(other, path);
            if (template.isPresent()) return template.get();
        }
        return NOT_FOUND;
    }

    private Optional<String> templateFor(HandlerType method, String path) {
        return router.findHttpHandlerEntries(method, path).findFirst().map(ParsedEndpoint::getEndpoint).map(endpoint -> endpoint.getPath());
    }

    private Timer timer(String method, String uri, int status) {
        return timers.get(method + ' ' + uri + ' ' + status, () -> Timer.builder(MetricNames.HTTP_SERVER_REQUESTS)
                .description("HTTP requests the API answered, by route and status")
                .tag(MetricNames.TAG_METHOD, method)
                .tag(MetricNames.TAG_URI, uri)
                .tag(MetricNames.TAG_STATUS, Integer.toString(status))
                .tag(MetricNames.TAG_OUTCOME, Outcome.forStatus(status).name())
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }
}
