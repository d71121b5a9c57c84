package dev.cairn.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.testing.FakeStepContext;
import dev.cairn.testing.TestPdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What extract-text writes besides the raw page text: each page's paragraphs, by the lines' positions. */
class PageParagraphsTest {

    private static final Path HEBREW_FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    @TempDir
    Path tmp;

    @Test
    void shouldSeparateParagraphsAtTheGapsBetweenThemThoughLinesAreSetWide() throws Exception {
        Path out = extract(TestPdfs.lectureNotes(tmp.resolve("in/notes.pdf")));

        // 10 pt text with a 15 pt leading: PDFBox's own paragraph test made every line a paragraph
        List<String> expected = new ArrayList<>();
        expected.add("4 Flächen");
        for (List<String> paragraph : TestPdfs.lectureParagraphs(3)) expected.add(String.join("\n", paragraph));
        expected.add(TestPdfs.LECTURE_FOOTER);
        expected.add("83");
        assertThat(Files.readString(out.resolve("paragraphs/page-0003.txt")))
                .isEqualTo(String.join("\n\n", expected) + "\n");
        assertThat(Files.readString(out.resolve("paragraphs/page-0006.txt")))
                .startsWith("Kapitel 5\nKrümmung\n\nSeite 6, Absatz 1:");
        assertThat(Files.readString(out.resolve("paragraphs/page-0004.txt")))
                .startsWith("84 Kapitel 4. Flächen\n\nsung der Krümmung folgt im nächsten Abschnitt,\nder die Formeln herleitet.\n\n");
    }

    @Test
    void shouldKeepTheRawPageTextExactlyAsPdfBoxWritesIt() throws Exception {
        Path pdf = TestPdfs.lectureNotes(tmp.resolve("in/notes.pdf"));
        Path out = extract(pdf);

        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper stock = new PDFTextStripper();
            stock.setLineSeparator("\n");
            for (int page = 1; page <= 8; page++) {
                stock.setStartPage(page);
                stock.setEndPage(page);
                assertThat(Files.readString(out.resolve(String.format("text/page-%04d.txt", page))))
                        .as("page %d", page).isEqualTo(stock.getText(document));
            }
        }
    }

    @Test
    void shouldPutTheWordsOfARightToLeftLineInReadingOrder() throws Exception {
        assumeTrue(Files.isRegularFile(HEBREW_FONT), "no DejaVu Sans with Hebrew glyphs on this machine");
        List<String> words = List.of("אחת", "שתיים", "שלוש"); // "one two three"
        Path out = extract(TestPdfs.rightToLeft(tmp.resolve("in/hebrew.pdf"), HEBREW_FONT, words));

        assertThat(Files.readString(out.resolve("paragraphs/page-0001.txt")))
                .isEqualTo("A line in Hebrew follows.\n\nאחת שתיים שלוש\n");
        // Unsorted, PDFBox glues the words drawn from the right margin leftwards into one, in the wrong
        // order; the raw text keeps what PDFBox writes
        assertThat(Files.readString(out.resolve("text/page-0001.txt"))).contains("שלוששתייםאחת");
    }

    private Path extract(Path pdf) throws Exception {
        PdfProcessingPipeline pipeline = new PdfProcessingPipeline(pdf.getParent());
        FakeStepContext context = new FakeStepContext(JobPayload.of(Map.of("file", pdf.getFileName().toString())),
                tmp.resolve("job-" + pdf.getFileName()));
        for (String step : List.of("inspect", "extract-text")) {
            context.run(pipeline.steps().stream().filter(s -> s.name().equals(step)).findFirst().orElseThrow());
        }
        return context.outputDir();
    }
}
