package dev.cairn.pdf;

import dev.cairn.testing.FakeStepContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.testing.TestPdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectStepTest {

    @TempDir
    Path tmp;

    private Path inputDir;
    private PdfProcessingPipeline pipeline;

    @BeforeEach
    void setUp() throws Exception {
        inputDir = Files.createDirectories(tmp.resolve("input"));
        pipeline = new PdfProcessingPipeline(inputDir);
    }

    @Test
    void shouldRecordPagesMetadataAndOutline() throws Exception {
        TestPdfs.withOutline(inputDir.resolve("book.pdf"), 3, 4);

        JsonNode info = inspect("book.pdf");

        assertThat(info.get("pages").asInt()).isEqualTo(12);
        assertThat(info.get("title").asText()).isEqualTo(TestPdfs.DOCUMENT_TITLE);
        assertThat(info.get("author").asText()).isEqualTo(TestPdfs.DOCUMENT_AUTHOR);
        assertThat(info.get("encrypted").asBoolean()).isFalse();
        assertThat(info.get("outline")).hasSize(3);
        assertThat(info.get("outline").get(1).get("title").asText()).isEqualTo(TestPdfs.chapterTitle(2));
        assertThat(info.get("outline").get(1).get("page").asInt()).isEqualTo(5);
    }

    @Test
    void shouldRecordNullMetadataAndAnEmptyOutlineWhenAbsent() throws Exception {
        TestPdfs.plain(inputDir.resolve("plain.pdf"), 3);

        JsonNode info = inspect("plain.pdf");

        assertThat(info.get("pages").asInt()).isEqualTo(3);
        assertThat(info.get("title").isNull()).isTrue();
        assertThat(info.get("author").isNull()).isTrue();
        assertThat(info.get("outline")).isEmpty();
    }

    @Test
    void shouldProcessAPdfThatOpensWithTheEmptyUserPassword() throws Exception {
        TestPdfs.ownerPasswordOnly(inputDir.resolve("owner.pdf"));

        JsonNode info = inspect("owner.pdf");

        assertThat(info.get("pages").asInt()).isEqualTo(3);
        assertThat(info.get("encrypted").asBoolean()).isTrue();
    }

    @Test
    void shouldFailPermanentlyOnAnEmptyFile() {
        assertPermanent(TestPdfs::empty, "the file is empty");
    }

    @Test
    void shouldFailPermanentlyOnAFileThatIsNotAPdf() {
        assertPermanent(TestPdfs::notAPdf, "not a PDF: no %PDF- header in the first 1024 bytes (the file starts with 'Dear reader,.thi…')");
    }

    @Test
    void shouldFailPermanentlyOnATruncatedPdf() {
        assertPermanent(TestPdfs::truncated, "the PDF is truncated or corrupt: no %%EOF marker at the end of the file");
    }

    @Test
    void shouldFailPermanentlyOnAPdfThatPdfboxCannotParse() {
        assertPermanent(TestPdfs::corrupt, "the PDF is truncated or corrupt: ");
    }

    @Test
    void shouldFailPermanentlyOnAPasswordProtectedPdf() {
        assertPermanent(TestPdfs::encrypted, "the PDF is encrypted with a password");
    }

    @Test
    void shouldFailPermanentlyOnAPdfWithoutPages() {
        assertPermanent(TestPdfs::zeroPages, "the PDF has no pages");
    }

    @Test
    void shouldFailPermanentlyWhenTheFileIsGoneAtRunTime() {
        Throwable error = catchThrowable(() -> inspect("gone.pdf"));

        assertThat(CairnException.isPermanent(error)).isTrue();
        assertThat(error).hasMessage("file 'gone.pdf' does not exist in the input dir");
    }

    @Test
    void shouldFailPermanentlyOnADocumentOverTheLimits() {
        TestPdfs.plain(inputDir.resolve("long.pdf"), 5);
        PdfProcessingPipeline strict = new PdfProcessingPipeline(inputDir, new PdfLimits(1L << 20, 4, 20, 10));
        FakeStepContext context = new FakeStepContext(JobPayload.of(Map.of("file", "long.pdf")), tmp.resolve("job"));

        Throwable error = catchThrowable(() -> context.run(strict.steps().getFirst()));

        assertThat(CairnException.isPermanent(error)).isTrue();
        assertThat(error).hasMessage("the PDF has more than 4 pages, the limit set by CAIRN_PDF_MAX_PAGES");
    }

    private void assertPermanent(Function<Path, Path> generator, String messageStart) {
        generator.apply(inputDir.resolve("bad.pdf"));

        Throwable error = catchThrowable(() -> inspect("bad.pdf"));

        assertThat(error).isInstanceOf(CairnException.class);
        assertThat(CairnException.isPermanent(error)).as("permanent: %s", error).isTrue();
        assertThat(error.getMessage()).startsWith(messageStart);
    }

    private JsonNode inspect(String file) throws Exception {
        FakeStepContext context = new FakeStepContext(JobPayload.of(Map.of("file", file)), tmp.resolve("job"));
        context.run(pipeline.steps().getFirst());
        return new ObjectMapper().readTree(context.output("inspect").orElseThrow());
    }
}
