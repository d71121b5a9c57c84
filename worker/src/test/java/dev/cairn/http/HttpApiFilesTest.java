package dev.cairn.http;

import dev.cairn.config.HttpSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.cairn.http.HttpApiJobsTest.assertError;
import static dev.cairn.http.HttpApiJobsTest.json;
import static org.assertj.core.api.Assertions.assertThat;

class HttpApiFilesTest {

    private static final int LIMIT = 4096;
    private static final byte[] PDF = "%PDF-1.4 not really a pdf, and that is fine here".getBytes();

    @RegisterExtension
    final ApiServerExtension<HttpSettings, RunningApi> server = ApiServerExtension.fakes(RunningApi.settings(null, LIMIT));

    @Test
    void shouldStoreTheUploadUnderTheInputDirAndAnswer201WithItsName() throws Exception {
        HttpResponse<String> response = upload("/api/files?name=report%202024.PDF", "application/pdf", PDF);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String file = json(response).get("file").asText();
        assertThat(file).matches("[0-9a-f-]{36}-report_2024\\.pdf");
        assertThat(Files.readAllBytes(server.api().inputDir.resolve(file))).isEqualTo(PDF);
        assertThat(listInputDir()).containsExactly(file);
    }

    @Test
    void shouldNeverLetTheNameLeaveTheInputDir() throws Exception {
        HttpResponse<String> response = upload("/api/files?name=../../etc/passwd", "application/pdf", PDF);

        assertThat(response.statusCode()).isEqualTo(201);
        String file = json(response).get("file").asText();
        assertThat(file).doesNotContain("/", "\\", "..").endsWith("-passwd.pdf");
        assertThat(server.api().inputDir.resolve(file).normalize().getParent()).isEqualTo(server.api().inputDir.toAbsolutePath().normalize());
        assertThat(Files.exists(server.api().inputDir.resolve(file))).isTrue();
    }

    @Test
    void shouldUseADefaultNameAndAcceptOctetStream() throws Exception {
        HttpResponse<String> response = upload("/api/files", "application/octet-stream", PDF);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("file").asText()).endsWith("-upload.pdf");
    }

    @Test
    void shouldRejectAnEmptyUpload() throws Exception {
        assertError(upload("/api/files", "application/pdf", new byte[0]), 400, "empty_file");
        assertThat(listInputDir()).isEmpty();
    }

    @Test
    void shouldRejectOtherContentTypesWith415() throws Exception {
        assertError(upload("/api/files", "text/plain", PDF), 415, "unsupported_media_type");
        assertError(server.api().send(server.api().request("/api/files").POST(HttpRequest.BodyPublishers.ofByteArray(PDF)).build()),
                415, "unsupported_media_type");
        assertThat(listInputDir()).isEmpty();
    }

    @Test
    void shouldRejectAnUploadOverTheLimitWith413ByContentLength() throws Exception {
        assertError(upload("/api/files", "application/pdf", new byte[LIMIT + 1]), 413, "payload_too_large");
        assertThat(listInputDir()).isEmpty();
    }

    @Test
    void shouldRejectAChunkedUploadOverTheLimitWhileStreaming() throws Exception {
        byte[] body = new byte[LIMIT * 2];
        HttpResponse<String> response = server.api().send(server.api().request("/api/files").header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());

        assertError(response, 413, "payload_too_large");
        assertThat(listInputDir()).isEmpty();
    }

    @Test
    void shouldAcceptAChunkedUploadWithinTheLimit() throws Exception {
        HttpResponse<String> response = server.api().send(server.api().request("/api/files").header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(PDF))).build());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(Files.readAllBytes(server.api().inputDir.resolve(json(response).get("file").asText()))).isEqualTo(PDF);
    }

    private HttpResponse<String> upload(String path, String contentType, byte[] body) {
        return server.api().send(server.api().request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Every file in the input dir, hidden partial uploads included. */
    private java.util.List<String> listInputDir() throws Exception {
        if (!Files.isDirectory(server.api().inputDir)) return java.util.List.of();
        try (Stream<Path> files = Files.list(server.api().inputDir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
