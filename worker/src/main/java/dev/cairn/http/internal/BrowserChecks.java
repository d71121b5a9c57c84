package dev.cairn.http.internal;

import dev.cairn.http.BrowserGuard;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.Set;

/**
 * A before-handler that keeps web pages from driving the API through the user's browser (issue: a form POST to
 * {@code /api/circuit-breakers/{name}/force-open} answered 200 on the default set-up):
 * <ol>
 *   <li>a {@code Host} the worker does not answer to gets 421, except on the probes and {@code /metrics}, which
 *       Kubernetes and Prometheus read by any name (a service, the pod's IP) and which, open without a token
 *       anyway, hold no payloads or messages; {@code /health/dlq}, which needs the token, is checked;</li>
 *   <li>a call that changes state from another site's page gets 403 ({@link BrowserGuard#checkCrossSite});</li>
 *   <li>a call that changes state gets 415 unless its body is of a type the API reads (JSON, PDF, JSON lines),
 *       or it has no body and no Content-Type: the types a browser sends cross-site without asking first
 *       ({@code application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}) are never
 *       among them, even on a call that reads no body.</li>
 * </ol>
 */
public final class BrowserChecks {

    /** The probes and the metrics: open without a token, read by orchestrators under any host name. */
    private static final Set<String> OPEN_TO_ANY_HOST = Set.of("/health", "/health/live", "/health/ready", "/health/startup",
            "/health/circuit-breakers", "/health/redis", "/metrics");

    private final BrowserGuard guard;

    /** @param guard the Host and cross-site rules */
    public BrowserChecks(BrowserGuard guard) {
        this.guard = guard;
    }

    /**
     * A before-handler for every path.
     *
     * @param ctx the request
     */
    public void check(Context ctx) {
        if (!isProbe(ctx.path())) throwIfRefused(guard.checkHost(ctx.header("Host")));
        String method = ctx.method().name();
        if (BrowserGuard.isSafe(method)) return;
        throwIfRefused(guard.checkCrossSite(method, ctx.header("Host"), ctx.header("Origin"), ctx.header("Sec-Fetch-Site")));
        checkContentType(ctx);
    }

    private static void checkContentType(Context ctx) {
        String type = RequestBodies.mediaType(ctx);
        if (type == null) {
            if (hasBody(ctx)) {
                throw ApiException.unsupportedMediaType("the request has a body but no Content-Type; send JSON with "
                        + "Content-Type: application/json" + otherTypes());
            }
            return;
        }
        if (!isJson(type) && !FilesController.ACCEPTED.contains(type) && !JobsBatchController.NDJSON_TYPES.contains(type)) {
            throw ApiException.unsupportedMediaType("Content-Type '" + type + "' is not accepted on a call that changes state; "
                    + "send JSON with Content-Type: application/json" + otherTypes() + ", or no body and no Content-Type");
        }
    }

    private static String otherTypes() {
        return " (a PDF to POST /api/files: application/pdf; JSON lines to POST /api/jobs/batch: application/x-ndjson)";
    }

    private static boolean isJson(String type) {
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static boolean isProbe(String path) {
        return OPEN_TO_ANY_HOST.contains(path);
    }

    private static void throwIfRefused(Optional<BrowserGuard.Refusal> refusal) {
        refusal.ifPresent(r -> {
            throw new ApiException(r.status(), r.error(), r.message());
        });
    }
}
