package dev.cairn.http.internal;

import dev.cairn.config.ApiTier;
import dev.cairn.metrics.MetricNames;
import dev.cairn.ratelimit.ProducerLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Producers' rate limits at the door of {@code /api/**} (docs/design.md "Producer rate limits"): every call takes
 * a request from its caller's bucket and is answered with {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}
 * and {@code X-RateLimit-Reset} (seconds until the bucket is full again); an empty bucket is
 * {@code 429 {"error":"rate_limited"}} with {@code Retry-After}. An unlimited tier's answers say
 * {@value #UNLIMITED_FIGURE} requests left of {@value #UNLIMITED_FIGURE}, reset 0. Enqueues also take from the caller's job budget ({@link #takeJobs}). Runs before the credential
 * check, so a caller guessing tokens is limited as {@code anonymous}.
 */
public final class ProducerGate {

    /** What the headers say for an unlimited tier (the admin tier by default). */
    static final int UNLIMITED_FIGURE = Integer.MAX_VALUE;

    private final Callers callers;
    private final ProducerLimits limits;
    private final Map<ApiTier, Counter> limited = new EnumMap<>(ApiTier.class);

    /**
     * @param callers tells who sent a request
     * @param limits  the buckets
     * @param meters  where {@code cairn_api_requests_limited_total{tier}} goes
     */
    public ProducerGate(Callers callers, ProducerLimits limits, MeterRegistry meters) {
        this.callers = callers;
        this.limits = limits;
        for (ApiTier tier : ApiTier.values()) {
            // why: registered at zero, so rate() and alerts see the first refusal
            limited.put(tier, Counter.builder(MetricNames.API_REQUESTS_LIMITED).tag(MetricNames.TAG_TIER, tier.label())
                    .description("producers' requests refused with 429, and batches with lines over the job budget").register(meters));
        }
    }

    /**
     * A before-handler for {@code /api/*}.
     *
     * @param ctx the request
     * @throws ApiException 429 when the caller's bucket is empty
     */
    public void check(Context ctx) {
        Caller caller = callers.of(ctx);
        ProducerLimits.Verdict verdict = limits.takeRequest(caller.producer());
        if (verdict.limit().isEmpty()) {
            // why: every /api/** answer carries the three headers (docs/design.md); an unlimited tier's are the largest
            // number a client parsing them as 32-bit integers can hold, never a word it cannot parse
            String most = Integer.toString(UNLIMITED_FIGURE);
            ctx.header("X-RateLimit-Limit", most);
            ctx.header("X-RateLimit-Remaining", most);
            ctx.header("X-RateLimit-Reset", "0");
            return;
        }
        ctx.header("X-RateLimit-Limit", Long.toString(verdict.limit().getAsLong()));
        ctx.header("X-RateLimit-Remaining", Long.toString(verdict.remaining()));
        ctx.header("X-RateLimit-Reset", Long.toString(seconds(verdict.reset())));
        if (verdict.allowed()) return;
        limited.get(caller.tier()).increment();
        long retryAfter = Math.max(1, seconds(verdict.retryAfter()));
        throw new ApiException(429, ErrorCodes.RATE_LIMITED, "the " + caller.describe() + " may make "
                + limits.settings().of(caller.tier()).requests().orElseThrow() + " requests; try again in " + retryAfter + " s"
                + hint(caller), Map.of("Retry-After", Long.toString(retryAfter)));
    }

    /**
     * Takes jobs from the caller's job budget.
     *
     * @param ctx  the request, already through {@link #check}
     * @param jobs jobs about to be enqueued
     * @return how many may be
     */
    ProducerLimits.JobGrant takeJobs(Context ctx, long jobs) {
        return limits.takeJobs(callers.of(ctx).producer(), jobs);
    }

    /**
     * The refusal of an enqueue whose job budget is used up.
     *
     * @param ctx   the request
     * @param grant what the budget granted: nothing
     * @return a 429 to throw
     */
    ApiException overBudget(Context ctx, ProducerLimits.JobGrant grant) {
        Caller caller = callers.of(ctx);
        limited.get(caller.tier()).increment();
        long retryAfter = retryAfterSeconds(grant);
        return new ApiException(429, ErrorCodes.RATE_LIMITED, budgetMessage(caller, grant) + "; try again in " + retryAfter + " s"
                + hint(caller), Map.of("Retry-After", Long.toString(retryAfter)));
    }

    /** Counts a batch some of whose lines were over the job budget. */
    void countLimitedBatch(Context ctx) {
        limited.get(callers.of(ctx).tier()).increment();
    }

    /** @return the sentence naming the used-up job budget, for a 429 and for a batch's {@code rate_limited} lines */
    String budgetMessage(Context ctx, ProducerLimits.JobGrant grant) {
        return budgetMessage(callers.of(ctx), grant);
    }

    private static String budgetMessage(Caller caller, ProducerLimits.JobGrant grant) {
        return "the job budget of the " + caller.describe() + " (" + grant.budget().map(Object::toString).orElse("unlimited")
                + " jobs; a batch's lines count one each) is used up";
    }

    /** @return whole seconds until the budget grants a job again, at least 1 */
    static long retryAfterSeconds(ProducerLimits.JobGrant grant) {
        return Math.max(1, seconds(grant.retryAfter()));
    }

    private static String hint(Caller caller) {
        return caller.tier() == ApiTier.ANONYMOUS ? " (an API key of CAIRN_API_KEYS_FILE raises the limit; see 'cairn keys add')" : "";
    }

    private static long seconds(Duration duration) {
        long nanos = duration.toNanos();
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
