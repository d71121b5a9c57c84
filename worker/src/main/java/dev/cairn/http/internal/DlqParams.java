package dev.cairn.http.internal;

import dev.cairn.dlq.DlqQuery;
import dev.cairn.dlq.DlqService;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.cairn.http.internal.ClientInput.abbreviate;

/**
 * The query string of the {@code /api/dlq} endpoints, read strictly: an unknown or repeated parameter
 * is a 400 naming it. A misspelt filter ({@code ?signture=…}) must not silently widen a listing, an
 * export or, worst, a bulk retry to every job of a type.
 */
final class DlqParams {

    /** What {@code GET /api/dlq/export} takes. */
    static final List<String> FILTERS = List.of("type", "error_class", "signature", "since", "q");
    /** What {@code GET /api/dlq} takes. */
    static final List<String> PAGE = List.of("type", "error_class", "signature", "since", "q", "limit", "cursor");
    /** What {@code POST /api/dlq/retry} takes. */
    static final List<String> BULK_RETRY = List.of("type", "signature", "rate");
    /** What the other endpoints take. */
    static final List<String> NONE = List.of();

    /** Re-enqueues per second of a bulk retry when {@code rate} is not given. */
    static final double DEFAULT_RATE = 5;

    private final Context ctx;

    private DlqParams(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * @param ctx      the request
     * @param accepted the parameters this endpoint takes
     * @return the parameters, checked
     * @throws ApiException 400 for an unknown or repeated parameter
     */
    static DlqParams of(Context ctx, List<String> accepted) {
        for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
            String name = param.getKey();
            if (!accepted.contains(name)) {
                throw ApiException.badRequest("unknown parameter '" + abbreviate(name) + "'; "
                        + (accepted.isEmpty() ? "this endpoint takes none" : "this endpoint takes " + String.join(", ", accepted)));
            }
            if (param.getValue().size() > 1) throw ApiException.badRequest("parameter '" + name + "' is given more than once");
        }
        return new DlqParams(ctx);
    }

    /**
     * @param name a parameter
     * @return its trimmed value; empty when absent or blank
     */
    Optional<String> text(String name) {
        return Optional.ofNullable(ctx.queryParam(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * @param now what an age in {@code since} counts back from
     * @return the filters, with the page size and cursor when the endpoint takes them
     */
    DlqQuery query(Instant now) {
        return new DlqQuery(text("type"), text("error_class"), text("signature"),
                text("since").map(since -> SinceParameter.parse(since, now)), text("q"), limit(), text("cursor"));
    }

    /** @return re-enqueues per second for a bulk retry */
    double rate() {
        Optional<String> raw = text("rate");
        if (raw.isEmpty()) return DEFAULT_RATE;
        double rate;
        try {
            rate = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        // why: also refuses NaN and Infinity, which parseDouble accepts
        if (!(rate > 0 && rate <= DlqService.MAX_RETRY_RATE)) {
            throw ApiException.badRequest("parameter 'rate' must be a number of re-enqueues per second above 0 and at most "
                    + (int) DlqService.MAX_RETRY_RATE + ", got '" + abbreviate(raw.get()) + "'");
        }
        return rate;
    }

    private int limit() {
        Optional<String> raw = text("limit");
        if (raw.isEmpty()) return DlqQuery.DEFAULT_LIMIT;
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit >= DlqQuery.MIN_LIMIT && limit <= DlqQuery.MAX_LIMIT) return limit;
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw ApiException.badRequest("parameter 'limit' must be a whole number from " + DlqQuery.MIN_LIMIT + " to "
                + DlqQuery.MAX_LIMIT + ", got '" + abbreviate(raw.get()) + "'");
    }
}
