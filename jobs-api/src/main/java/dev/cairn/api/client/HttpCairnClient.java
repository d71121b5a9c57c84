package dev.cairn.api.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Consumer;

/** {@link CairnClient} on the JDK's HTTP client: the endpoints; {@link WorkerHttp} sends, {@link BatchSender} batches. */
final class HttpCairnClient implements CairnClient {

    private static final ObjectMapper JSON = WorkerHttp.JSON;

    private final WorkerHttp http;
    private final BatchSender batches;

    HttpCairnClient(WorkerHttp http) {
        this.http = http;
        this.batches = new BatchSender(http);
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
        HttpRequest request = http.request("api/files?name=" + name)
                .header("Content-Type", "application/pdf")
                .POST(body)
                .build();
        return http.send(request).path("file").asText();
    }

    @Override
    public String enqueue(JobSubmission submission) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(submission);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode job submission: " + e.getMessage(), e);
        }
        HttpRequest request = http.request("api/jobs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request).path("job_id").asText();
    }

    @Override
    public JobView job(String jobId) {
        try {
            return JSON.treeToValue(http.send(http.request(jobPath(jobId)).GET().build()), JobView.class);
        } catch (IOException e) {
            throw new CairnClientException(200, "bad_response", "the worker's job JSON could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String jobJson(String jobId) {
        return http.sendForText(http.request(jobPath(jobId)).GET().build());
    }

    @Override
    public String breakersJson() {
        return http.sendForText(http.request("api/circuit-breakers").GET().build());
    }

    @Override
    public String resetBreaker(String name) {
        return http.sendForText(http.request(breakerPath(name, "reset")).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String forceOpenBreaker(String name) {
        return http.sendForText(http.request(breakerPath(name, "force-open")).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String jobsList(Map<String, String> filters) {
        return http.sendForText(http.request("api/jobs" + query(filters)).GET().build());
    }

    @Override
    public String dlqList(Map<String, String> filters) {
        return http.sendForText(http.request("api/dlq" + query(filters)).GET().build());
    }

    @Override
    public String dlqEntry(String jobId) {
        return http.sendForText(http.request(dlqPath(jobId)).GET().build());
    }

    @Override
    public String dlqRetry(String jobId) {
        return http.sendForText(http.request(dlqPath(jobId) + "/retry").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String dlqRetryMatching(String type, String signature, Double rate) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("type", type);
        params.put("signature", signature);
        params.put("rate", rate == null ? null : rate.toString());
        return http.sendForText(http.request("api/dlq/retry" + query(params)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public String dlqRemove(String jobId) {
        return http.sendForText(http.request(dlqPath(jobId)).DELETE().build());
    }

    @Override
    public String dlqStats() {
        return http.sendForText(http.request("health/dlq").GET().build());
    }

    @Override
    public String dlqCleanup() {
        return http.sendForText(http.request("api/dlq/cleanup").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Override
    public long dlqExport(Map<String, String> filters, Consumer<String> lines) {
        Objects.requireNonNull(lines, "lines");
        HttpRequest request = http.request("api/dlq/export" + query(filters)).setHeader("Accept", "application/x-ndjson").GET().build();
        HttpResponse<InputStream> response = http.exchangeWaiting(request, HttpResponse.BodyHandlers.ofInputStream(),
                WorkerHttp::errorTextAndClose);
        long received = 0;
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw WorkerHttp.refused(response.statusCode(), WorkerHttp.errorText(body));
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
            throw new CairnClientException(0, "broken_transfer", "the export from the Cairn worker at " + http.baseUrl() + " broke off after "
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
        return batches.send(lines, results);
    }

    @Override
    public BatchSummary submitNdjson(BufferedReader lines, Consumer<BatchLineResult> results) {
        return batches.send(BatchLines.of(Objects.requireNonNull(lines, "lines")), results);
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
}
