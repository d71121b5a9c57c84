package dev.cairn.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.pdf.internal.PageTextExtractor;
import dev.cairn.pdf.internal.ReadGuard;
import dev.cairn.testing.HostilePdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression cases from the PDF fuzz test: small files whose content asks for unbounded memory or time.
 * Before the guards, each of these ran the worker out of memory (the image exits on OOM, so the job
 * took a worker down on every attempt) or held a job thread for as long as the bomb was big. Each must
 * now fail its job for good, at once, with a reason a user can act on.
 */
class HostileStreamsTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Path inputDir;

    @BeforeEach
    void setUp() throws Exception {
        inputDir = Files.createDirectories(tmp.resolve("input"));
    }

    @Test
    void shouldFailPermanentlyOnAStreamThatInflatesPastTheLimitInsteadOfRunningOutOfMemory() throws Exception {
        // /Filter [/FlateDecode] makes PDFBox inflate the whole stream into memory (a single /FlateDecode streams)
        PipelineOutcome outcome = run(HostilePdfs.zipBomb(ReadGuard.MAX_STREAM_BYTES + (1 << 20), true), PdfLimits.DEFAULTS);

        assertPermanent(outcome, "a compressed stream in the PDF inflates to more than " + (ReadGuard.MAX_STREAM_BYTES >> 20)
                + " MB; refusing it as a likely decompression bomb");
    }

    @Test
    void shouldFailPermanentlyOnACrossReferenceStreamBombWhileOpeningTheFile() throws Exception {
        PipelineOutcome outcome = run(HostilePdfs.xrefStreamBomb(ReadGuard.MAX_STREAM_BYTES + (1 << 20)), PdfLimits.DEFAULTS);

        assertPermanent(outcome, "a compressed stream in the PDF inflates to more than");
    }

    @Test
    void shouldOpenADocumentWithASmallCrossReferenceStream() throws Exception {
        assertThat(run(HostilePdfs.xrefStreamBomb(100), PdfLimits.DEFAULTS).kind()).isEqualTo(PipelineOutcome.Kind.SUCCEEDED);
    }

    @Test
    void shouldFailPermanentlyOnAPageWithMoreTextThanAnyRealPage() throws Exception {
        // 10,000 lines of 40 characters: a 12 KB file, 400,000 glyphs PDFBox would hold at once
        PipelineOutcome outcome = run(HostilePdfs.textBomb(10_000), PdfLimits.DEFAULTS);

        assertPermanent(outcome, "page 1 holds more than " + PageTextExtractor.MAX_PAGE_CHARS
                + " characters of text; refusing it as a likely memory bomb");
    }

    @ParameterizedTest(name = "content repeating \"{0}\"")
    @ValueSource(strings = {"1 ", "()", "[] ", "x", " ", "% a comment\n"})
    void shouldFailPermanentlyOnContentThatRunsMegabytesWithoutAnOperator(String pattern) throws Exception {
        // operands, strings, unclosed arrays and inline image data pile up in memory until an operator
        // comes; blanks and comments cost no memory but hours: 1 GB of file inflates to 1 TB of them
        PipelineOutcome outcome = run(HostilePdfs.inflatingPage(pattern, 2 * ReadGuard.MAX_OPERAND_BYTES, false), PdfLimits.DEFAULTS);

        assertPermanent(outcome, "the page content runs more than " + (ReadGuard.MAX_OPERAND_BYTES >> 20)
                + " MB without an operator; refusing it as a likely memory bomb");
    }

    @Test
    void shouldFailPermanentlyOnGraphicsStatesNestedDeeperThanAnyRealPage() throws Exception {
        PipelineOutcome outcome = run(HostilePdfs.inflatingPage("q ", 1L << 20, false), PdfLimits.DEFAULTS);

        assertPermanent(outcome, "page 1 nests graphics states more than " + PageTextExtractor.MAX_GRAPHICS_DEPTH
                + " deep; refusing it as a likely memory bomb");
    }

    @Test
    void shouldFailPermanentlyNamingThePageAndTheSettingWhenAPageTakesLongerThanThePageTimeout() throws Exception {
        // 20 million operators that draw nothing: seconds of work from a 60 KB file
        PipelineOutcome outcome = run(HostilePdfs.busyPage(20_000_000), PdfLimits.DEFAULTS.withPageTimeout(Duration.ofMillis(300)));

        assertPermanent(outcome, "page 1 of 1 took longer than CAIRN_PDF_PAGE_TIMEOUT (300 ms) to extract; "
                + "the page is too complex or built to stall readers");
        assertThat(outcome.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldStillReadAPageWhoseFormDrawsItself() throws Exception {
        assertThat(run(HostilePdfs.recursiveForm(), PdfLimits.DEFAULTS).kind()).isEqualTo(PipelineOutcome.Kind.SUCCEEDED);
        assertThat(Files.readString(tmp.resolve("job/output/text/page-0001.txt")))
                .contains("before the form", "inside the form");
    }

    private PipelineOutcome run(byte[] pdf, PdfLimits limits) throws Exception {
        Files.write(inputDir.resolve("hostile.pdf"), pdf);
        return PipelineOutcome.run(new PdfProcessingPipeline(inputDir, limits), "hostile.pdf", tmp.resolve("job"), LIMIT);
    }

    private static void assertPermanent(PipelineOutcome outcome, String messageStart) {
        assertThat(outcome.kind()).as("%s", outcome).isEqualTo(PipelineOutcome.Kind.FAILED_PERMANENTLY);
        assertThat(outcome.message()).startsWith(messageStart);
    }
}
