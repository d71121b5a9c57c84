package dev.cairn.api.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;

import java.io.IOException;
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
import java.util.Objects;

/** {@link CairnClient} on the JDK's HTTP client. */
final class HttpCairnClient implements CairnClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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

    private static String breakerPath(String name, String action) {
        return "api/circuit-breakers/" + URLEncoder.encode(Objects.requireNonNull(name, "name"), StandardCharsets.UTF_8) + "/" + action;
    }

    private static String jobPath(String jobId) {
        return "api/jobs/" + URLEncoder.encode(Objects.requireNonNull(jobId, "jobId"), StandardCharsets.UTF_8);
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
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
        if (response.statusCode() / 100 == 2) return response.body();
        String error = "http_" + response.statusCode();
        String message = "the worker answered HTTP " + response.statusCode();
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node.hasNonNull("error")) error = node.get("error").asText();
            if (node.hasNonNull("message")) message = node.get("message").asText();
        } catch (IOException | RuntimeException ignored) {
            // why: an error page that is not JSON still yields the status line as the reason
        }
        throw new CairnClientException(response.statusCode(), error, message, null);
    }
}
