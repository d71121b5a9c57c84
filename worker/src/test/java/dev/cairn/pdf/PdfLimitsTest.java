package dev.cairn.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.api.pipeline.Step;
import dev.cairn.config.CairnConfig;
import dev.cairn.testing.FakeStepContext;
import dev.cairn.testing.TestPdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configurable limits: a document over one fails its job for good, naming the setting to change. */
class PdfLimitsTest {

    @TempDir
    Path tmp;

    private Path inputDir;

    @BeforeEach
    void setUp() throws Exception {
        inputDir = Files.createDirectories(tmp.resolve("input"));
    }

    @Test
    void shouldTakeTheLimitsFromTheConfiguration() {
        CairnConfig config = CairnConfig.fromEnv(Map.of("CAIRN_PDF_MAX_PAGES", "10", "CAIRN_PDF_MAX_TEXT_MB", "2",
                "CAIRN_PDF_PAGE_TIMEOUT", "5s", "CAIRN_MAX_UPLOAD_MB", "3"));

        PdfLimits limits = PdfLimits.from(config);

        assertThat(limits.maxPages()).isEqualTo(10);
        assertThat(limits.maxTextBytes()).isEqualTo(2L << 20);
        assertThat(limits.pageTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(limits.maxFileBytes()).isEqualTo(3L << 20);
        assertThat(limits.pagesPerChapter()).isEqualTo(PdfLimits.DEFAULTS.pagesPerChapter());
        assertThat(PdfLimits.from(CairnConfig.fromEnv(Map.of())))
                .isEqualTo(new PdfLimits(200L << 20, 100_000, 20, 1_000, 256L << 20, Duration.ofSeconds(30)));
    }

    @Test
    void shouldRefuseAFileLargerThanTheUploadLimitNamingTheSetting() {
        TestPdfs.plain(inputDir.resolve("big.pdf"), 3);
        PdfLimits limits = PdfLimits.from(CairnConfig.fromEnv(Map.of()).pdf(), 1_000);

        Throwable error = catchThrowable(() -> job("big.pdf").run(new PdfProcessingPipeline(inputDir, limits).steps().getFirst()));

        assertThat(CairnException.isPermanent(error)).as("permanent: %s", error).isTrue();
        assertThat(error.getMessage()).matches("the file is \\d+ bytes, more than the limit of 1000 bytes set by CAIRN_MAX_UPLOAD_MB");
    }

    @Test
    void shouldFailPermanentlyNamingThePageAndTheSettingWhenTheTextIsLargerThanTheLimit() throws Exception {
        TestPdfs.plain(inputDir.resolve("long.pdf"), 10);
        long onePage = pageTextBytes();
        PdfProcessingPipeline pipeline = new PdfProcessingPipeline(inputDir, PdfLimits.DEFAULTS.withMaxTextBytes(3 * onePage + 1));
        FakeStepContext job = job("long.pdf");
        job.run(step(pipeline, "inspect"));

        Throwable error = catchThrowable(() -> job.run(step(pipeline, "extract-text")));

        assertThat(CairnException.isPermanent(error)).as("permanent: %s", error).isTrue();
        assertThat(error).hasMessage("the text extracted up to page 4 of 10 is larger than CAIRN_PDF_MAX_TEXT_MB ("
                + (3 * onePage + 1) + " bytes)");
        assertThat(job.checkpoints()).as("the pages before it are saved").extracting(FakeStepContext.Checkpoint::cursor).containsExactly("4");
        for (int page = 1; page <= 3; page++) {
            assertThat(job.outputDir().resolve(String.format("text/page-%04d.txt", page))).exists();
        }
    }

    @Test
    void shouldCountTheTextAnEarlierRunExtractedWhenItResumes() throws Exception {
        TestPdfs.plain(inputDir.resolve("long.pdf"), 10);
        long onePage = pageTextBytes();
        PdfProcessingPipeline pipeline = new PdfProcessingPipeline(inputDir, PdfLimits.DEFAULTS.withMaxTextBytes(3 * onePage + 1));
        FakeStepContext job = job("long.pdf");
        job.run(step(pipeline, "inspect"));
        Path text = Files.createDirectories(job.outputDir().resolve("text"));
        for (int page = 1; page <= 3; page++) Files.writeString(text.resolve(String.format("page-%04d.txt", page)), "x".repeat((int) onePage));
        job.setCursor("extract-text", "4");

        Throwable error = catchThrowable(() -> job.run(step(pipeline, "extract-text")));

        assertThat(error).hasMessageStartingWith("the text extracted up to page 4 of 10 is larger than CAIRN_PDF_MAX_TEXT_MB");
    }

    // The size of one page's text in these documents, measured by extracting a one-page document.
    private long pageTextBytes() throws Exception {
        TestPdfs.plain(inputDir.resolve("one.pdf"), 1);
        FakeStepContext job = new FakeStepContext(JobPayload.of(Map.of("file", "one.pdf")), tmp.resolve("measure"));
        PdfProcessingPipeline pipeline = new PdfProcessingPipeline(inputDir);
        job.run(step(pipeline, "inspect"));
        job.run(step(pipeline, "extract-text"));
        return Files.size(job.outputDir().resolve("text/page-0001.txt"));
    }

    private FakeStepContext job(String file) {
        return new FakeStepContext(JobPayload.of(Map.of("file", file)), tmp.resolve("job"));
    }

    private static Step step(PdfProcessingPipeline pipeline, String name) {
        return pipeline.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
