package dev.cairn.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

class HttpApiAuthTest {

    private static final String TOKEN = "s3cret-token";
    private static final String JOB = "{\"type\": \"pdf-processing\", \"payload\": {}}";

    @TempDir
    Path dir;
    private RunningApi api;

    @BeforeEach
    void start() {
        api = new RunningApi(dir, TOKEN, 1024 * 1024);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shouldRefuseAMutatingCallWithoutToken() throws Exception {
        HttpResponse<String> response = api.postJson("/api/jobs", JOB);

        assertError(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(api.jobs.submissions).isEmpty();
    }

    @Test
    void shouldRefuseAWrongTokenOrScheme() throws Exception {
        assertError(post("Bearer wrong"), 401, "unauthorized");
        assertError(post("Bearer " + TOKEN + "x"), 401, "unauthorized");
        assertError(post("Basic " + TOKEN), 401, "unauthorized");
        assertError(post("Bearer "), 401, "unauthorized");
        assertThat(api.jobs.submissions).isEmpty();
    }

    @Test
    void shouldAcceptTheRightToken() {
        assertThat(post("Bearer " + TOKEN).statusCode()).isEqualTo(202);
        assertThat(post("bearer " + TOKEN).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldGuardUploadsToo() throws Exception {
        HttpResponse<String> response = api.send(api.request("/api/files").header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{1, 2, 3})).build());

        assertError(response, 401, "unauthorized");
    }

    @Test
    void shouldKeepReadsOpen() throws Exception {
        assertError(api.get("/api/jobs/unknown"), 404, "not_found");
        assertThat(api.get("/health").statusCode()).isEqualTo(200);
        assertThat(api.get("/metrics").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String authorization) {
        return api.send(api.request("/api/jobs").header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(JOB)).build());
    }
}
