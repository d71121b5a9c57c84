package dev.cairn.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Regression cases from the PDF fuzz test: documents whose structure lies (page trees that claim pages
 * they do not hold, that nest or loop) or is built to make a reader recurse. Before the fixes these ended
 * in a stack overflow or an unchecked exception (both retried as if the worker were at fault), or in
 * thousands of invented blank pages.
 */
class HostileStructureTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path inputDir;

    @BeforeEach
    void setUp() throws Exception {
        inputDir = Files.createDirectories(tmp.resolve("input"));
    }

    @ParameterizedTest(name = "/Count {0}")
    @ValueSource(longs = {-5, 0, 50_000, 2_000_000_000L})
    void shouldCountThePagesThePageTreeHoldsNotTheCountItClaims(long claimed) throws Exception {
        // -5 crashed split-chapters (NegativeArraySizeException), 50,000 gave 49,999 invented blank pages
        PipelineOutcome outcome = run(HostilePdfs.hugePageCount(claimed), PdfLimits.DEFAULTS);

        assertThat(outcome.kind()).as("%s", outcome).isEqualTo(PipelineOutcome.Kind.SUCCEEDED);
        assertThat(document().get("pages").asInt()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("job/output/text/page-0001.txt"))).contains("only one page");
    }

    @Test
    void shouldFailPermanentlyOnAPageTreeNestedDeeperThanAnyRealOne() throws Exception {
        // PDFBox's page iterator recursed once per level: a stack overflow
        PipelineOutcome outcome = run(HostilePdfs.deepPageTree(50_000), PdfLimits.DEFAULTS);

        assertThat(outcome.kind()).as("%s", outcome).isEqualTo(PipelineOutcome.Kind.FAILED_PERMANENTLY);
        assertThat(outcome.message()).isEqualTo("the PDF's page tree is nested more than 256 levels deep; "
                + "the file is corrupt or built to crash readers");
    }

    @Test
    void shouldReadAPageTreeOfOrdinaryDepth() throws Exception {
        assertThat(run(HostilePdfs.deepPageTree(200), PdfLimits.DEFAULTS).kind()).isEqualTo(PipelineOutcome.Kind.SUCCEEDED);
        assertThat(document().get("pages").asInt()).isEqualTo(1);
    }

    @Test
    void shouldFailPermanentlyNamingTheSettingWhenThePageTreeHoldsMorePagesThanTheLimit() throws Exception {
        PipelineOutcome outcome = run(HostilePdfs.repeatedKids(1_001), new PdfLimits(1L << 30, 1_000, 20, 1_000));

        assertThat(outcome.kind()).as("%s", outcome).isEqualTo(PipelineOutcome.Kind.FAILED_PERMANENTLY);
        assertThat(outcome.message()).isEqualTo("the PDF has more than 1000 pages, the limit set by CAIRN_PDF_MAX_PAGES");
    }

    @Test
    void shouldReadADocumentWhosePageTreeContainsItself() throws Exception {
        assertThat(run(HostilePdfs.cyclicPageTree(), PdfLimits.DEFAULTS).kind()).isEqualTo(PipelineOutcome.Kind.SUCCEEDED);
    }

    @Test
    void shouldIgnoreABookmarkWhoseNameTreeContainsItself() throws Exception {
        // the named destination's lookup recursed forever: a stack overflow out of inspect
        PipelineOutcome outcome = run(HostilePdfs.cyclicNameTree(), PdfLimits.DEFAULTS);

        assertThat(outcome.kind()).as("%s", outcome).isEqualTo(PipelineOutcome.Kind.SUCCEEDED);
        assertThat(document().get("chapters").get(0).get("first_page").asInt()).isEqualTo(1);
    }

    @Test
    void shouldReadADocumentWithAnOutlineThousandsOfLevelsDeep() throws Exception {
        PipelineOutcome outcome = run(HostilePdfs.deepOutline(20_000), PdfLimits.DEFAULTS);

        assertThat(outcome.kind()).as("%s", outcome).isEqualTo(PipelineOutcome.Kind.SUCCEEDED);
        assertThat(outcome.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldCutATitleOfMegabytesToFiveHundredCharacters() throws Exception {
        assertThat(run(HostilePdfs.hugeTitle(5_000_000), PdfLimits.DEFAULTS).kind()).isEqualTo(PipelineOutcome.Kind.SUCCEEDED);

        assertThat(document().get("title").asText()).hasSize(500).startsWith("Very long title Very");
    }

    private PipelineOutcome run(byte[] pdf, PdfLimits limits) throws Exception {
        Files.write(inputDir.resolve("hostile.pdf"), pdf);
        return PipelineOutcome.run(new PdfProcessingPipeline(inputDir, limits), "hostile.pdf", tmp.resolve("job"), LIMIT);
    }

    private JsonNode document() throws Exception {
        return JSON.readTree(tmp.resolve("job/output/document.json").toFile());
    }
}
