package dev.cairn.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.InvalidPayloadException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Step;
import dev.cairn.testing.TestPdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfProcessingPipelineTest {

    @TempDir
    Path tmp;

    private Path inputDir;
    private PdfProcessingPipeline pipeline;

    @BeforeEach
    void setUp() throws Exception {
        inputDir = Files.createDirectories(tmp.resolve("input"));
        pipeline = new PdfProcessingPipeline(inputDir);
        TestPdfs.plain(inputDir.resolve("doc.pdf"), 2);
    }

    @Test
    void shouldNameTheJobTypeAndStepsAsTheContractSays() {
        assertThat(pipeline.name()).isEqualTo("pdf-processing");
        assertThat(pipeline.steps()).extracting(Step::name)
                .containsExactly("inspect", "extract-text", "split-chapters", "summarize", "write-result");
    }

    @Test
    void shouldAcceptAFileRelativeToTheInputDir() throws Exception {
        pipeline.validate(payload("doc.pdf"));
        pipeline.validate(JobPayload.of(Map.of("file", "doc.pdf", "summarize", true)));

        assertThat(PdfProcessingPipeline.resolveInput(inputDir, "doc.pdf"))
                .isEqualTo(inputDir.resolve("doc.pdf").toRealPath());
    }

    @Test
    void shouldAcceptFilesInSubdirectoriesAndPathsThatStayInside() throws Exception {
        TestPdfs.plain(inputDir.resolve("uploads/a.pdf"), 1);

        assertThat(PdfProcessingPipeline.resolveInput(inputDir, "uploads/a.pdf")).endsWith(Path.of("uploads/a.pdf"));
        assertThat(PdfProcessingPipeline.resolveInput(inputDir, "uploads/../doc.pdf")).endsWith(Path.of("doc.pdf"));
    }

    @Test
    void shouldAcceptAnAbsolutePathInsideTheInputDir() throws Exception {
        pipeline.validate(payload(inputDir.resolve("doc.pdf").toAbsolutePath().toString()));
        pipeline.validate(payload(inputDir.toRealPath().resolve("doc.pdf").toString()));
    }

    @Test
    void shouldRejectAMissingFileNamingIt() {
        assertThatThrownBy(() -> pipeline.validate(payload("nope.pdf")))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("file 'nope.pdf' does not exist in the input dir");
    }

    @Test
    void shouldRejectDotDotPathsOutsideTheInputDir() throws Exception {
        TestPdfs.plain(tmp.resolve("x.pdf"), 1); // exists, but outside

        for (String path : new String[]{"../x.pdf", "uploads/../../x.pdf", "..", "."}) {
            assertThatThrownBy(() -> pipeline.validate(payload(path)))
                    .as(path)
                    .isInstanceOf(InvalidPayloadException.class)
                    .hasMessageContaining("inside the input dir")
                    .hasMessageContaining(path);
        }
    }

    @Test
    void shouldRejectAnAbsolutePathOutsideTheInputDir() {
        Path outside = TestPdfs.plain(tmp.resolve("elsewhere/x.pdf"), 1).toAbsolutePath();

        assertThatThrownBy(() -> pipeline.validate(payload(outside.toString())))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("inside the input dir");
        assertThatThrownBy(() -> pipeline.validate(payload("/etc/passwd")))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("inside the input dir");
    }

    @Test
    void shouldRejectASymlinkThatLeadsOutsideTheInputDir() throws Exception {
        Path outside = TestPdfs.plain(tmp.resolve("secret.pdf"), 1);
        Files.createSymbolicLink(inputDir.resolve("link.pdf"), outside);
        Files.createSymbolicLink(inputDir.resolve("linkdir"), tmp);

        assertThatThrownBy(() -> pipeline.validate(payload("link.pdf")))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("outside the input dir");
        assertThatThrownBy(() -> pipeline.validate(payload("linkdir/secret.pdf")))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("outside the input dir");
    }

    @Test
    void shouldAcceptASymlinkThatStaysInsideTheInputDir() throws Exception {
        Files.createSymbolicLink(inputDir.resolve("alias.pdf"), inputDir.resolve("doc.pdf"));

        assertThat(PdfProcessingPipeline.resolveInput(inputDir, "alias.pdf"))
                .isEqualTo(inputDir.resolve("doc.pdf").toRealPath());
    }

    @Test
    void shouldRejectADirectory() throws Exception {
        Files.createDirectories(inputDir.resolve("folder"));

        assertThatThrownBy(() -> pipeline.validate(payload("folder")))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("file 'folder' is not a regular file");
    }

    @Test
    void shouldRejectAMissingOrMistypedField() {
        assertThatThrownBy(() -> pipeline.validate(JobPayload.of(Map.of())))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("'file' is required");
        assertThatThrownBy(() -> pipeline.validate(JobPayload.of(Map.of("file", 7))))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("'file' must be a string");
        assertThatThrownBy(() -> pipeline.validate(JobPayload.of(Map.of("file", "doc.pdf", "summarize", "yes"))))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("'summarize' must be true or false");
    }

    @Test
    void shouldRejectPathsThatAreNotValidPaths() {
        assertThatThrownBy(() -> PdfProcessingPipeline.resolveInput(inputDir, "bad\0name.pdf"))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("not a valid path");
    }

    @Test
    void shouldTreatInvalidPayloadsAsPermanent() {
        assertThatThrownBy(() -> pipeline.validate(payload("../x.pdf")))
                .satisfies(e -> assertThat(CairnException.isPermanent(e)).isTrue());
    }

    @Test
    void shouldDescribeAJobByItsFileName() {
        assertThat(pipeline.describe(payload("uploads/report.pdf"))).isEqualTo("pdf-processing report.pdf");
        assertThat(pipeline.describe(JobPayload.of(Map.of()))).isEqualTo("pdf-processing");
        assertThat(pipeline.describe(JobPayload.of(Map.of("file", 3)))).isEqualTo("pdf-processing");
    }

    @Test
    void shouldRejectNonsensicalLimits() {
        assertThatThrownBy(() -> new PdfLimits(1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PdfLimits.DEFAULTS.pagesPerChapter()).isEqualTo(20);
    }

    private static JobPayload payload(String file) {
        Map<String, Object> values = new HashMap<>();
        values.put("file", file);
        return JobPayload.of(values);
    }
}
