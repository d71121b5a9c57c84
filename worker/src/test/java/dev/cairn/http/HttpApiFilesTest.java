package dev.cairn.http;

import dev.cairn.config.HttpSettings;
import dev.cairn.testing.TestPdfs;
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
    private static final byte[] PDF = TestPdfs.plainBytes(1);

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

    @Test
    void shouldAnswerPagesAndRefuseAFileThatIsNoPdfWith415() throws Exception {
        assertThat(json(upload("/api/files", "application/pdf", PDF)).get("pages").asInt()).isEqualTo(1);
        Path text = TestPdfs.notAPdf(server.dir().resolve("letter.pdf"));

        HttpResponse<String> refused = upload("/api/files?name=letter.pdf", "application/pdf", Files.readAllBytes(text));

        assertError(refused, 415, "not_a_pdf");
        assertThat(json(refused).get("message").asText()).contains("%PDF-").contains("nothing was stored");
        assertThat(listInputDir()).hasSize(1);
    }

    @Test
    void shouldRefuseAPdfThePipelineCannotReadWith422AndTheReason() throws Exception {
        Path dir = server.dir();
        HttpResponse<String> encrypted = upload("/api/files", "application/pdf", Files.readAllBytes(TestPdfs.encrypted(dir.resolve("e.pdf"))));
        HttpResponse<String> truncated = upload("/api/files", "application/pdf", Files.readAllBytes(TestPdfs.truncated(dir.resolve("t.pdf"))));
        HttpResponse<String> ownerOnly = upload("/api/files", "application/pdf", Files.readAllBytes(TestPdfs.ownerPasswordOnly(dir.resolve("o.pdf"))));

        assertError(encrypted, 422, "unusable_pdf");
        assertThat(json(encrypted).get("message").asText()).contains("encrypted with a password");
        assertError(truncated, 422, "unusable_pdf");
        assertThat(json(truncated).get("message").asText()).contains("truncated");
        assertThat(ownerOnly.statusCode()).as("an owner password restricts nothing the pipeline does").isEqualTo(201);
        assertThat(listInputDir()).hasSize(1);
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
