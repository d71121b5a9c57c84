package dev.cairn.http.internal;

/** The {@code error} codes of the HTTP API's error bodies; clients switch on these, so they never change. */
public final class ErrorCodes {

    public static final String BAD_REQUEST = "bad_request";
    public static final String INVALID_JSON = "invalid_json";
    public static final String INVALID_PAYLOAD = "invalid_payload";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String EMPTY_FILE = "empty_file";
    public static final String NOT_A_PDF = "not_a_pdf";
    public static final String UNUSABLE_PDF = "unusable_pdf";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String IDEMPOTENCY_CONFLICT = "idempotency_conflict";
    public static final String DLQ_DISABLED = "dlq_disabled";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String UNAVAILABLE = "unavailable";
    /** A line of {@code POST /api/jobs/batch} longer than {@code CAIRN_BATCH_MAX_LINE_KB}. */
    public static final String LINE_TOO_LONG = "line_too_long";
    /** A batch of more lines than {@code CAIRN_BATCH_MAX_LINES}. */
    public static final String BATCH_TOO_LARGE = "batch_too_large";
    public static final String RATE_LIMITED = "rate_limited";
    /** A call that changes state, sent by a browser from another site's page (403). */
    public static final String CROSS_SITE_REQUEST = "cross_site_request";
    /** A {@code Host} the worker does not answer to: DNS rebinding, or a name missing from {@code CAIRN_HTTP_ALLOWED_HOSTS} (421). */
    public static final String MISDIRECTED_REQUEST = "misdirected_request";
    /** A call that changes state with the console's session cookie but without its {@code X-CSRF-Token} (403). */
    public static final String CSRF = "csrf";

    private ErrorCodes() {
    }

    /**
     * The code for a bare status, used when something other than our handlers decided it (Javalin's
     * router, Jetty's parser).
     *
     * @param status an HTTP status
     * @return its code
     */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> "conflict";
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> "uri_too_long";
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 421 -> MISDIRECTED_REQUEST;
            case 431 -> "headers_too_large";
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : "http_" + status;
        };
    }
}
