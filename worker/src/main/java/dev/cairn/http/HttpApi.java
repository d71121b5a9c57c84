package dev.cairn.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.config.BatchSettings;
import dev.cairn.config.HttpSettings;
import dev.cairn.breaker.CircuitBreakerRegistry;
import dev.cairn.http.internal.ApiJson;
import dev.cairn.http.internal.BreakersController;
import dev.cairn.http.internal.BearerAuth;
import dev.cairn.http.internal.BrowserChecks;
import dev.cairn.http.internal.Callers;
import dev.cairn.http.internal.ConsoleController;
import dev.cairn.http.internal.ConsoleSessions;
import dev.cairn.http.internal.JobListController;
import dev.cairn.http.internal.OverviewController;
import dev.cairn.http.internal.Throughput;
import dev.cairn.http.internal.WorkersController;
import dev.cairn.fleet.WorkerLeases;
import dev.cairn.http.internal.ProducerGate;
import dev.cairn.pdf.PdfLimits;
import dev.cairn.ratelimit.ProducerLimits;
import dev.cairn.http.internal.DlqController;
import dev.cairn.http.internal.ErrorMapping;
import dev.cairn.http.internal.FilesController;
import dev.cairn.http.internal.HealthController;
import dev.cairn.http.internal.JettyJsonErrorHandler;
import dev.cairn.http.internal.JobsBatchController;
import dev.cairn.http.internal.JobsController;
import dev.cairn.http.internal.MetricsController;
import dev.cairn.http.internal.OpenApiController;
import dev.cairn.http.internal.RequestMetrics;
import dev.cairn.http.internal.RequestBodies;
import dev.cairn.dlq.DlqService;
import dev.cairn.http.HealthChecks;
import dev.cairn.jobs.JobService;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The worker's HTTP API (docs/design.md "HTTP API"): jobs, file uploads, circuit breakers, the dead-letter
 * queue, health probes and metrics, on Javalin; {@code GET /openapi.json} describes all of it. Every error,
 * including unknown routes and bodies Jetty refuses, is {@code {"error": "<code>", "message": "<sentence>"}}.
 * Every {@code /api/**} call needs the Bearer token when one is configured (reads also take the read-only
 * token, producers also a key of {@code CAIRN_API_KEYS_FILE}), and is rate-limited by the caller's tier
 * ({@link ProducerLimits}: {@code X-RateLimit-*} headers, 429 with {@code Retry-After}); requests for a host name the worker does not answer to, and calls that change state sent by a
 * browser from another site or with a form's content type, are refused ({@link BrowserGuard}, SECURITY.md).
 *
 * <pre>{@code
 * try (HttpApi api = new HttpApi(config.http(), config.batch(), config.directories().inputDir(), PdfLimits.from(config), jobs, health, breakers, dlq,
 *                               producerLimits, registry, Clock.systemUTC(), version, Optional.of(leases))) {
 *     api.start();
 *     ...
 * }
 * }</pre>
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final HttpSettings settings;
    private final Javalin app;
    private final Throughput throughput;
    private ScheduledExecutorService sampler;
    private volatile boolean started;

    /**
     * @param settings bind address, port, API tokens, allowed host names and upload limit
     * @param batch    the limits of {@code POST /api/jobs/batch}
     * @param inputDir where {@code POST /api/files} stores uploads; created on the first upload
     * @param uploads  the pipeline's PDF limits, which an upload must pass to be stored ({@code maxFileBytes} is the upload limit)
     * @param jobs     submits and reads jobs
     * @param health   component checks for the probes
     * @param breakers the providers' circuit breakers
     * @param dlq      the dead-letter queue's operations
     * @param producerLimits the producers' rate limits by tier, and where the keys file is
     * @param registry the meters {@code GET /metrics} exports; every request is timed into it ({@code http_server_requests_seconds})
     * @param clock    timestamps of the probes
     * @param version  the worker's version, shown by {@code GET /health} and in {@code GET /openapi.json}
     * @param leases   the workers' leases in Redis, which {@code GET /api/workers} and the console's Workers page list; empty lists none
     */
    public HttpApi(HttpSettings settings, BatchSettings batch, Path inputDir, PdfLimits uploads, JobService jobs, HealthChecks health,
                   CircuitBreakerRegistry breakers, DlqService dlq, ProducerLimits producerLimits, PrometheusMeterRegistry registry,
                   Clock clock, String version, Optional<WorkerLeases> leases) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(inputDir, "inputDir");
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(breakers, "breakers");
        Objects.requireNonNull(dlq, "dlq");
        Objects.requireNonNull(producerLimits, "producerLimits");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        ObjectMapper json = ApiJson.create();
        RequestBodies bodies = new RequestBodies(json);
        Callers callers = new Callers(settings.apiToken(), settings.readToken(), producerLimits.settings().keysFile(), new ConsoleSessions(clock));
        BearerAuth auth = new BearerAuth(callers, settings.readToken().isPresent());
        ProducerGate gate = new ProducerGate(callers, producerLimits, registry);
        BrowserChecks browsers = new BrowserChecks(BrowserGuard.of(settings));

        this.app = Javalin.create(config -> configure(config, json, settings));
        ErrorMapping.install(app);
        // why before the guards: the requests they refuse are timed too
        RequestMetrics.install(app, registry);
        // why first: a page in a browser is refused whether or not the user's token would have been needed
        app.before(browsers::check);
        // why: before the credential check, so a caller guessing tokens is limited too (as anonymous)
        app.before("/api/*", gate::check);
        app.before("/api/*", auth::check);
        // why: the DLQ statistics name the largest error signatures, i.e. the gist of failure messages
        app.before("/health/dlq", auth::check);
        // why: before /api/jobs/{id}, which would not match a POST anyway, but keeps the fixed path first
        new JobsBatchController(jobs, batch, json, gate).register(app);
        new JobListController(jobs, clock).register(app);
        new JobsController(jobs, bodies, json, gate).register(app);
        new FilesController(inputDir, uploads).register(app);
        String shownVersion = version == null ? "unknown" : version;
        new HealthController(health, clock, shownVersion).register(app);
        new MetricsController(registry).register(app);
        new BreakersController(breakers, clock).register(app);
        new DlqController(dlq, json, clock).register(app);
        new OpenApiController(json, shownVersion).register(app);
        this.throughput = new Throughput(registry, clock);
        new OverviewController(jobs, throughput, clock).register(app);
        new WorkersController(Objects.requireNonNull(leases, "leases"), registry).register(app);
        new ConsoleController(callers, bodies, settings.dashboardUrl(), shownVersion).register(app, gate);
    }

    /**
     * A route the API serves.
     *
     * @param method an HTTP method, e.g. {@code GET}
     * @param path   the path template as registered, e.g. {@code /api/jobs/{id}}
     */
    record Route(String method, String path) {
    }

    /**
     * What Javalin's router holds, for the test that keeps {@code GET /openapi.json} equal to it
     * (OpenApiDocumentTest). Before, after and exception handlers are not routes and are left out.
     *
     * @return every route, in the order it was registered
     */
    List<Route> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint::getEndpoint)
                .filter(endpoint -> endpoint.getMethod().isHttpMethod())
                .map(endpoint -> new Route(endpoint.getMethod().name(), endpoint.getPath()))
                .toList();
    }

    private static void configure(JavalinConfig config, ObjectMapper json, HttpSettings settings) {
        config.showJavalinBanner = false;
        config.startupWatcherEnabled = false;
        config.jsonMapper(new JavalinJackson(json, false));
        config.http.prefer405over404 = true;
        // why: Javalin only applies this to ctx.body(), which this API never calls; uploads are streamed
        // and bounded by FilesController, JSON bodies by RequestBodies. Set high so it can never refuse first.
        config.http.maxRequestSize = Math.max(settings.maxUploadBytes(), RequestBodies.MAX_JSON_BYTES);
        config.requestLogger.http((ctx, ms) -> {
            // why: method, path and status only: headers (Authorization) and bodies never reach the log
            if (log.isDebugEnabled()) {
                log.debug("{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
            }
        });
        JettyJsonErrorHandler errors = new JettyJsonErrorHandler(json);
        config.jetty.modifyServer(server -> server.setErrorHandler(errors));
        config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(errors));
    }

    /**
     * Binds {@code settings.bind()}:{@code settings.port()} (port 0 picks a free port) and starts serving.
     *
     * @return this, started
     * @throws CairnException when the address cannot be bound (in use, not local)
     */
    public synchronized HttpApi start() {
        if (started) return this;
        try {
            app.start(settings.bind(), settings.port());
        } catch (RuntimeException e) {
            try {
                app.stop(); // why: Jetty may have started its thread pool before the bind failed
            } catch (RuntimeException ignored) {
                // the bind failure below is the error worth reporting
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw CairnException.permanent("cannot serve the HTTP API on " + settings.bind() + ":" + settings.port()
                    + " (" + cause.getMessage() + "); is another process using CAIRN_HTTP_PORT?", e);
        }
        started = true;
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cairn-console-throughput");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, Throughput.SAMPLE_EVERY_S, TimeUnit.SECONDS);
        log.info("HTTP API listening on http://{}:{}", hostForUrl(settings.bind()), port());
        return this;
    }

    /** @return the port the API listens on (the real one when configured as 0) */
    public int port() {
        if (!started) throw new IllegalStateException("the HTTP API is not started");
        return app.port();
    }

    /** Stops serving; requests in flight are finished first. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (!started) return;
        started = false;
        if (sampler != null) sampler.shutdownNow();
        app.stop();
    }

    private void sample() {
        try {
            throughput.sample();
        } catch (RuntimeException e) {
            log.debug("reading the job meters for the console failed", e); // why: the next sample tries again
        }
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
