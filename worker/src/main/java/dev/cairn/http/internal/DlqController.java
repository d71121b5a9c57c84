package dev.cairn.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.dlq.DlqQuery;
import dev.cairn.dlq.DlqService;
import dev.cairn.dlq.NotInDlqException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dead-letter queue: {@code GET /health/dlq} and the {@code /api/dlq} endpoints (list, export, one
 * entry, remove, retry one, bulk retry, cleanup). A job that is not queued is 404 ({@link NotInDlqException}),
 * a disabled queue 409, Redis down 503; {@link ErrorMapping} turns those into responses.
 */
public final class DlqController {

    private static final Logger log = LoggerFactory.getLogger(DlqController.class);

    private final DlqService dlq;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * @param dlq   the queue's operations
     * @param json  writes the exported lines
     * @param clock what a relative {@code since} ({@code 24h}) counts back from
     */
    public DlqController(DlqService dlq, ObjectMapper json, Clock clock) {
        this.dlq = dlq;
        this.json = json;
        this.clock = clock;
    }

    /** @param app registers the routes */
    public void register(Javalin app) {
        app.get("/health/dlq", ctx -> ctx.json(dlq.health()));
        app.get("/api/dlq", this::list);
        // why: Javalin tries routes in the order they were added; these fixed paths go before /api/dlq/{job_id},
        // which would otherwise take "export" for a job id
        app.get("/api/dlq/export", this::export);
        app.post("/api/dlq/retry", this::retryMatching);
        app.post("/api/dlq/cleanup", this::cleanup);
        app.get("/api/dlq/{job_id}", this::find);
        app.delete("/api/dlq/{job_id}", this::remove);
        app.post("/api/dlq/{job_id}/retry", this::retry);
    }

    private void list(Context ctx) {
        DlqQuery query = DlqParams.of(ctx, DlqParams.PAGE).query(clock.instant());
        ctx.json(badRequestOnIllegalArgument(() -> dlq.list(query)));
    }

    private void export(Context ctx) {
        DlqQuery query = DlqParams.of(ctx, DlqParams.FILTERS).query(clock.instant());
        NdjsonStream lines = new NdjsonStream(ctx, json);
        try {
            dlq.export(query, lines::write);
            lines.finish();
        } catch (RuntimeException e) {
            if (!lines.started()) throw e; // nothing sent yet: the usual error response
            if (e instanceof UncheckedIOException) {
                log.debug("DLQ export: the client went away after {} line(s)", lines.lines(), e);
            } else {
                log.warn("DLQ export broke off after {} line(s): {}", lines.lines(), e.toString());
            }
            lines.abort(e);
        }
    }

    private void find(Context ctx) {
        DlqParams.of(ctx, DlqParams.NONE);
        String jobId = ctx.pathParam("job_id");
        ctx.json(dlq.find(jobId).orElseThrow(() -> new NotInDlqException(jobId)));
    }

    private void remove(Context ctx) {
        DlqParams.of(ctx, DlqParams.NONE);
        String jobId = ctx.pathParam("job_id");
        if (!dlq.remove(jobId)) throw new NotInDlqException(jobId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", jobId);
        body.put("removed", true);
        ctx.json(body);
    }

    private void retry(Context ctx) {
        DlqParams.of(ctx, DlqParams.NONE);
        DlqService.RetryResult result = dlq.retry(ctx.pathParam("job_id"));
        // why: 202, the job is enqueued, not done; Location is where to follow it
        ctx.header("Location", "/api/jobs/" + result.jobId());
        ctx.status(202).json(result);
    }

    private void retryMatching(Context ctx) {
        DlqParams params = DlqParams.of(ctx, DlqParams.BULK_RETRY);
        double rate = params.rate();
        ctx.status(202).json(badRequestOnIllegalArgument(
                () -> dlq.retryMatching(params.text("type"), params.text("signature"), rate)));
    }

    private void cleanup(Context ctx) {
        DlqParams.of(ctx, DlqParams.NONE);
        ctx.json(Map.of("removed", dlq.cleanup()));
    }

    /**
     * The queue answers a bad cursor or a bulk retry without a filter with {@link IllegalArgumentException}.
     * Mapped here, around those calls only, so the same exception from a bug anywhere else stays a 500.
     */
    private static <T> T badRequestOnIllegalArgument(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage() == null ? "the request's parameters were refused" : e.getMessage());
        }
    }
}
