package dev.cairn.api.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Consumer;

/** {@link CairnClient} on the JDK's HTTP client. */
final class HttpCairnClient implements CairnClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** How a worker's 413 {@code batch_too_large} names its {@code CAIRN_BATCH_MAX_LINES}. */
    private static final java.util.regex.Pattern BATCH_LIMIT = java.util.regex.Pattern.compile("at most (\\d+) submissions");

    /** Most of an error body read from a streamed response: enough for {@code {"error", "message"}}. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final URI baseUrl;
    private final String apiToken;
    private final Duration timeout;
    private final HttpClient http;

    HttpCairnClient(URI baseUrl, String apiToken, Duration timeout) {
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String uploadFile(Path pdf) {
        if (!Files.isRegularFile(pdf)) {
            throw new CairnClientException(0, "file_not_found", "no such file: " + pdf, null);
        }
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(pdf);
        } catch (IOException e) {
            throw new CairnClientException(0, "file_unreadable", "cannot read " + pdf + ": " + e.getMessage(), e);
        }
        String name = URLEncoder.encode(pdf.getFileName().toString(), StandardCharsets.UTF_8);
        HttpRequest request = request("api/files?name=" + name)
                .header("Content-Type", "application/pdf")
                .POST(body)
                .build();
        return send(request).path("file").asText();
    }

    @Override
    public String enqueue(JobSubmission submission) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(submission);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode job submission: " + e.getMessage(), e);
        }
        HttpRequest request = request("api/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request).path("job_id").asText();
    }

    @Override
    public JobView job(String jobId) {
        try {
            return JSON.treeToValue(send(request(jobPath(jobId)).GET().build()), JobView.class);
        } catch (IOException e) {
            throw new CairnClientException(200, "bad_response", "the worker's job JSON could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String jobJson(String jobId) {
        return sendForText(request(jobPath(jobId)).GET().build());
    }

    @Override
    public String breakersJson() {
        return sendForText(request("api/circuit-breakers").GET().build());
    }

    @Override
    public String resetBreaker(String name) {
        return sendForText(request(breakerPath(name, "reset")).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String forceOpenBreaker(String name) {
        return sendForText(request(breakerPath(name, "force-open")).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String dlqList(Map<String, String> filters) {
        return sendForText(request("api/dlq" + query(filters)).GET().build());
    }

    @Override
    public String dlqEntry(String jobId) {
        return sendForText(request(dlqPath(jobId)).GET().build());
    }

    @Override
    public String dlqRetry(String jobId) {
        return sendForText(request(dlqPath(jobId) + "/retry").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String dlqRetryMatching(String type, String signature, Double rate) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("type", type);
        params.put("signature", signature);
        params.put("rate", rate == null ? null : rate.toString());
        return sendForText(request("api/dlq/retry" + query(params)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String dlqRemove(String jobId) {
        return sendForText(request(dlqPath(jobId)).DELETE().build());
    }

    @Override
    public String dlqStats() {
        return sendForText(request("health/dlq").GET().build());
    }

    @Override
    public String dlqCleanup() {
        return sendForText(request("api/dlq/cleanup").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public long dlqExport(Map<String, String> filters, Consumer<String> lines) {
        Objects.requireNonNull(lines, "lines");
        HttpRequest request = request("api/dlq/export" + query(filters)).setHeader("Accept", "application/x-ndjson").GET().build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
        long received = 0;
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw refused(response.statusCode(), new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8));
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) continue;
                lines.accept(line);
                received++;
            }
            return received;
        } catch (IOException e) {
            // why: the worker breaks the connection when the export fails halfway; say the output is short
            throw new CairnClientException(0, "broken_transfer", "the export from the Cairn worker at " + baseUrl + " broke off after "
                    + received + " entries (" + e.getMessage() + "); what was received is incomplete", e);
        }
    }

    @Override
    public BatchSummary submitAll(Iterable<JobSubmission> submissions, Consumer<BatchLineResult> results) {
        Objects.requireNonNull(submissions, "submissions");
        java.util.Iterator<JobSubmission> each = submissions.iterator();
        java.util.Iterator<byte[]> lines = new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return each.hasNext();
            }

            @Override
            public byte[] next() {
                try {
                    return JSON.writeValueAsBytes(Objects.requireNonNull(each.next(), "a null submission"));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot encode job submission: " + e.getMessage(), e);
                }
            }
        };
        return sendBatches(lines, results);
    }

    @Override
    public BatchSummary submitNdjson(BufferedReader lines, Consumer<BatchLineResult> results) {
        return sendBatches(BatchLines.of(Objects.requireNonNull(lines, "lines")), results);
    }

    /**
     * Sends the lines in requests of at most {@link #BATCH_REQUEST_LINES}; when the worker takes fewer per
     * request ({@code CAIRN_BATCH_MAX_LINES}), the lines it did not read go again in the next request.
     */
    private BatchSummary sendBatches(java.util.Iterator<byte[]> input, Consumer<BatchLineResult> results) {
        Objects.requireNonNull(results, "results");
        java.util.Deque<byte[]> resend = BatchLines.noResend();
        BatchSummary summary = new BatchSummary(0, 0, 0, 0);
        long before = 0; // input lines sent and read in earlier requests
        int perRequest = BATCH_REQUEST_LINES;
        while (BatchLines.anyLeft(input, resend)) {
            BatchLines body = new BatchLines(input, resend, perRequest);
            HttpRequest request = request("api/jobs/batch").header("Content-Type", "application/x-ndjson")
                    .setHeader("Accept", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
            HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream());
            long notReadFrom = -1; // the request's first line the worker did not read, from 1
            long answered = 0;
            try (InputStream in = response.body()) {
                if (response.statusCode() == 413) {
                    CairnClientException refused = refused(413, new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8));
                    int limit = limitIn(refused.getMessage());
                    if (!refused.error().equals("batch_too_large") || limit <= 0 || limit >= body.sent().size()) throw refused;
                    // why: nothing of it was stored; send the same lines again in requests the worker takes
                    BatchLines.requeue(body.sent(), resend);
                    perRequest = limit;
                    continue;
                }
                if (response.statusCode() / 100 != 2) {
                    throw refused(response.statusCode(), new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8));
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String text; (text = reader.readLine()) != null; ) {
                    if (text.isBlank()) continue;
                    JsonNode line = JSON.readTree(text);
                    long number = line.path("line").asLong();
                    if ("batch_too_large".equals(line.path("error").asText(null))) {
                        notReadFrom = number;
                        break;
                    }
                    BatchLineResult result = new BatchLineResult(before + number, textOrNull(line, "job_id"),
                            line.path("created").asBoolean(false), textOrNull(line, "error"), textOrNull(line, "message"));
                    results.accept(result);
                    summary = summary.plus(result);
                    answered = number;
                }
            } catch (IOException e) {
                throw new CairnClientException(0, "broken_transfer", "the batch to the Cairn worker at " + baseUrl + " broke off after line "
                        + (before + answered) + " (" + e.getMessage() + "); lines after it may or may not have been stored:"
                        + " send them again with idempotency keys to be sure", e);
            }
            List<byte[]> sent = body.sent();
            if (notReadFrom > 0) {
                int read = (int) Math.min(sent.size(), notReadFrom - 1);
                BatchLines.requeue(sent.subList(read, sent.size()), resend);
                perRequest = Math.max(1, read);
                before += read;
            } else {
                before += sent.size();
            }
        }
        return summary;
    }

    /** @return N of the worker's "a batch takes at most N submissions", or 0 */
    private static int limitIn(String message) {
        java.util.regex.Matcher m = BATCH_LIMIT.matcher(message == null ? "" : message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String breakerPath(String name, String action) {
        return "api/circuit-breakers/" + segment(Objects.requireNonNull(name, "name")) + "/" + action;
    }

    private static String jobPath(String jobId) {
        return "api/jobs/" + segment(Objects.requireNonNull(jobId, "jobId"));
    }

    private static String dlqPath(String jobId) {
        return "api/dlq/" + segment(Objects.requireNonNull(jobId, "jobId"));
    }

    /** One path segment, percent-encoded; URLEncoder's '+' means a space only in a query string. */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code ?a=1&b=2} of the non-blank values, or nothing. */
    private static String query(Map<String, String> params) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (params != null) {
            params.forEach((name, value) -> {
                if (value != null && !value.isBlank()) {
                    query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value.trim(), StandardCharsets.UTF_8));
                }
            });
        }
        return query.toString();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (apiToken != null) builder.header("Authorization", "Bearer " + apiToken);
        return builder;
    }

    private JsonNode send(HttpRequest request) {
        String text = sendForText(request);
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new CairnClientException(200, "bad_response", "the worker answered with something that is not JSON", e);
        }
    }

    private String sendForText(HttpRequest request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 == 2) return response.body();
        throw refused(response.statusCode(), response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (ConnectException e) {
            throw new CairnClientException(0, "unreachable", "cannot reach the Cairn worker at " + baseUrl
                    + " (is `cairn worker` running? set CAIRN_URL to point elsewhere)", e);
        } catch (HttpTimeoutException e) {
            throw new CairnClientException(0, "timeout", "the Cairn worker at " + baseUrl + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new CairnClientException(0, "unreachable", "cannot talk to the Cairn worker at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnClientException(0, "interrupted", "interrupted while waiting for the Cairn worker", e);
        }
    }

    /** The worker's {@code {"error", "message"}} as an exception; the status line when the body is not that. */
    private static CairnClientException refused(int status, String body) {
        String error = "http_" + status;
        String message = "the worker answered HTTP " + status;
        try {
            JsonNode node = JSON.readTree(body);
            if (node.hasNonNull("error")) error = node.get("error").asText();
            if (node.hasNonNull("message")) message = node.get("message").asText();
        } catch (IOException | RuntimeException ignored) {
            // why: an error page that is not JSON still yields the status line as the reason
        }
        return new CairnClientException(status, error, message, null);
    }
}
