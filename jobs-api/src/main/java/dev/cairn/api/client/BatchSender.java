package dev.cairn.api.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/jobs/batch} for {@link HttpCairnClient#submitAll} and {@link HttpCairnClient#submitNdjson}:
 * the input goes as requests of at most {@link CairnClient#BATCH_REQUEST_LINES} lines, each line's answer is
 * handed over as it arrives.
 */
final class BatchSender {

    /** How a worker's 413 {@code batch_too_large} names its {@code CAIRN_BATCH_MAX_LINES}. */
    private static final Pattern BATCH_LIMIT = Pattern.compile("at most (\\d+) submissions");

    private final WorkerHttp http;

    BatchSender(WorkerHttp http) {
        this.http = http;
    }

    /**
     * Sends the lines in requests of at most {@link CairnClient#BATCH_REQUEST_LINES}; when the worker takes fewer per
     * request ({@code CAIRN_BATCH_MAX_LINES}), the lines it did not read go again in the next request. A request
     * refused with {@code 429} goes again after its {@code Retry-After}, within the call's bound: the worker refuses
     * before it stores anything, and the request's lines are kept until its answer is read, so even a one-shot input
     * (a stream, a reader) is sent again from those lines, and earlier requests are not sent twice.
     */
    BatchSummary send(Iterator<byte[]> input, Consumer<BatchLineResult> results) {
        Objects.requireNonNull(results, "results");
        Deque<byte[]> resend = BatchLines.noResend();
        BatchSummary summary = new BatchSummary(0, 0, 0, 0);
        long before = 0; // input lines sent and read in earlier requests
        int perRequest = CairnClient.BATCH_REQUEST_LINES;
        RateLimitWaits waits = http.rateLimitWaits();
        while (BatchLines.anyLeft(input, resend)) {
            BatchLines body = new BatchLines(input, resend, perRequest);
            HttpRequest request = http.request("api/jobs/batch").header("Content-Type", "application/x-ndjson")
                    .setHeader("Accept", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
            HttpResponse<InputStream> response = http.exchange(request, HttpResponse.BodyHandlers.ofInputStream());
            long notReadFrom = -1; // the request's first line the worker did not read, from 1
            long answered = 0;
            try (InputStream in = response.body()) {
                if (response.statusCode() == 429) {
                    String text = WorkerHttp.errorTextAndClose(in); // why: free the connection before sleeping
                    // why: the worker refused before storing any of it; its lines go first in the next request
                    BatchLines.requeue(body.finish(), resend);
                    waits.waitOrThrow(request, response.headers().firstValue("Retry-After"), text);
                    continue;
                }
                if (response.statusCode() == 413) {
                    CairnClientException refused = WorkerHttp.refused(413, WorkerHttp.errorText(in));
                    int limit = limitIn(refused.getMessage());
                    List<byte[]> sent = body.finish();
                    if (!refused.error().equals("batch_too_large") || limit <= 0 || limit >= sent.size()) throw refused;
                    // why: nothing of it was stored; send the same lines again in requests the worker takes
                    BatchLines.requeue(sent, resend);
                    perRequest = limit;
                    continue;
                }
                if (response.statusCode() / 100 != 2) {
                    throw WorkerHttp.refused(response.statusCode(), WorkerHttp.errorText(in));
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String text; (text = reader.readLine()) != null; ) {
                    if (text.isBlank()) continue;
                    JsonNode line = WorkerHttp.JSON.readTree(text);
                    long number = line.path("line").asLong();
                    if ("batch_too_large".equals(line.path("error").asText(null))) {
                        notReadFrom = number;
                        break;
                    }
                    BatchLineResult result = new BatchLineResult(before + number, textOrNull(line, "job_id"),
                            line.path("created").asBoolean(false), textOrNull(line, "error"), textOrNull(line, "message"),
                            RetryAfter.ofLine(line));
                    results.accept(result);
                    summary = summary.plus(result);
                    answered = number;
                }
            } catch (IOException e) {
                throw new CairnClientException(0, "broken_transfer", "the batch to the Cairn worker at " + http.baseUrl() + " broke off after line "
                        + (before + answered) + " (" + e.getMessage() + "); lines after it may or may not have been stored:"
                        + " send them again with idempotency keys to be sure", e);
            }
            List<byte[]> sent = body.finish();
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
        Matcher m = BATCH_LIMIT.matcher(message == null ? "" : message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String textOrNull(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
