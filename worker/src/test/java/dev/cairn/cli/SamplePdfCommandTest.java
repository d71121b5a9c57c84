package dev.cairn.cli;

import dev.cairn.pdf.PdfCheck;
import dev.cairn.pdf.PdfLimits;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #18 part 5: a way to make a PDF big enough to watch the cursor and kill the worker mid-document. */
class SamplePdfCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteABookThePipelineAcceptsWithOneBookmarkPerChapter() throws Exception {
        Path file = dir.resolve("books/big.pdf");

        CliRun run = CliRun.run(Map.of(), "sample-pdf", "--pages", "600", "--chapters", "3", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo(file.toString());
        assertThat(run.err()).contains("600 page(s) in 3 chapter(s)").contains("cairn enqueue pdf");
        assertThat(PdfCheck.check(file, PdfLimits.DEFAULTS)).isEqualTo(new PdfCheck.Usable(600));
        try (PDDocument document = Loader.loadPDF(file.toFile())) {
            List<String> bookmarks = new ArrayList<>();
            for (PDOutlineItem item : document.getDocumentCatalog().getDocumentOutline().children()) bookmarks.add(item.getTitle());
            assertThat(bookmarks).containsExactly("Chapter 1: Tides", "Chapter 2: Dunes", "Chapter 3: Grasses");
        }
    }

    @Test
    void shouldGiveTheSameBytesForTheSameArguments() throws Exception {
        Path first = dir.resolve("a.pdf");
        Path second = dir.resolve("b.pdf");

        CliRun.run(Map.of(), "sample-pdf", "--pages", "40", first.toString());
        CliRun.run(Map.of(), "sample-pdf", "--pages", "40", second.toString());

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }

    @Test
    void shouldRefuseAnImpossibleBookAsAUsageError() {
        CliRun none = CliRun.run(Map.of(), "sample-pdf", "--pages", "0", dir.resolve("x.pdf").toString());
        CliRun tooManyChapters = CliRun.run(Map.of(), "sample-pdf", "--pages", "5", "--chapters", "6", dir.resolve("x.pdf").toString());

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--pages must be between 1 and 100000");
        assertThat(tooManyChapters.exitCode()).isEqualTo(2);
        assertThat(tooManyChapters.err()).contains("--chapters");
        assertThat(dir.resolve("x.pdf")).doesNotExist();
    }
}
