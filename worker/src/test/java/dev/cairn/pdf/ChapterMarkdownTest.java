package dev.cairn.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.pipeline.JobPayload;
import dev.cairn.testing.FakeStepContext;
import dev.cairn.testing.TestPdfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chapter files of pdf-processing are Markdown a viewer renders as the book's text. */
class ChapterMarkdownTest {

    @TempDir
    Path tmp;

    @Test
    void shouldWriteTheTitleOnceThenPageMarkersAndOneLineParagraphsSeparatedByBlankLines() throws Exception {
        Path chapters = run(TestPdfs.lectureNotes(tmp.resolve("in/notes.pdf"))).resolve("chapters");

        String absatz1 = ", Absatz 1: Die Kurve wird nach der Bogenlänge parametrisiert, und ihre Ableitung hat überall die Länge eins.";
        String absatz2 = ", Absatz 2: Ein Self-Contained Beweis folgt; der Krümmungsradius ist der Kehrwert der Krümmung.";
        // "Kapitel 5" over "Krümmung" repeated the bookmark "5 Krümmung"; headers, footer and page numbers are gone
        assertThat(Files.readString(chapters.resolve("03-5-krummung.md"))).isEqualTo("# 5 Krümmung\n"
                + "\n<!-- p. 6 -->\n\nSeite 6" + absatz1 + "\n\nSeite 6" + absatz2 + "\n"
                + "\n<!-- p. 7 -->\n\nSeite 7" + absatz1 + "\n\nSeite 7" + absatz2 + "\n"
                + "\n<!-- p. 8 -->\n\nSeite 8" + absatz1 + "\n\nSeite 8" + absatz2 + "\n");
    }

    @Test
    void shouldLeaveOutRunningHeadersFootersAndPageNumbers() throws Exception {
        Path out = run(TestPdfs.lectureNotes(tmp.resolve("in/notes.pdf")));

        String all = chapterFiles(out);
        assertThat(all).doesNotContain(TestPdfs.LECTURE_FOOTER, "KRÜMMUNG", "FLÄCHEN", "Kapitel 4. Flächen", "Kapitel 5");
        assertThat(all.lines().filter(line -> line.matches("\\d+|\\d+ .*|.* \\d+"))).isEmpty();
        // the raw page text keeps them
        assertThat(Files.readString(out.resolve("text/page-0007.txt"))).startsWith("5.1. KRÜMMUNG 87\n");
    }

    @Test
    void shouldRejoinWordsHyphenatedAtLineEndsAndKeepRealHyphens() throws Exception {
        String all = chapterFiles(run(TestPdfs.lectureNotes(tmp.resolve("in/notes.pdf"))));

        assertThat(all).contains("nach der Bogenlänge parametrisiert", "Ein Self-Contained Beweis")
                .doesNotContain("Bogen-", "Bogen länge", "SelfContained", "Self- Contained");
    }

    @Test
    void shouldCarryAParagraphOnToTheNextPageWithThePageMarkerInside() throws Exception {
        Path chapters = run(TestPdfs.lectureNotes(tmp.resolve("in/notes.pdf"))).resolve("chapters");

        assertThat(Files.readString(chapters.resolve("02-4-flachen.md")))
                .contains("\n\nSeite 3, Absatz 2: Ein Self-Contained Beweis folgt; der Krümmungsradius ist der Kehrwert der "
                        + "Krümmung, die wir zur Messung <!-- p. 4 --> der Krümmung folgt im nächsten Abschnitt, der die "
                        + "Formeln herleitet.\n\nSeite 4, Absatz 1:")
                .startsWith("# 4 Flächen\n\n<!-- p. 3 -->\n\nSeite 3, Absatz 1:")
                .doesNotContain("\n4 Flächen");
    }

    @Test
    void shouldMarkEveryPageOnceInOrderAndKeepEveryParagraphOnOneLine() throws Exception {
        String all = chapterFiles(run(TestPdfs.lectureNotes(tmp.resolve("in/notes.pdf"))));

        Matcher markers = Pattern.compile("<!-- p\\. (\\d+) -->").matcher(all);
        List<Integer> pages = new java.util.ArrayList<>();
        while (markers.find()) pages.add(Integer.parseInt(markers.group(1)));
        assertThat(pages).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        for (String block : all.split("\n\n")) {
            assertThat(block.strip()).as("a Markdown block").doesNotContain("\n");
        }
    }

    @Test
    void shouldNameEachBookmarkOfASharedPageOnce() throws Exception {
        Path out = run(TestPdfs.lectureNotes(tmp.resolve("in/notes.pdf")));

        assertThat(Files.readString(out.resolve("document.json"))).contains("\"title\": \"Vorwort / Danksagung\"");
        assertThat(Files.readString(out.resolve("chapters/01-vorwort-danksagung.md")))
                .startsWith("# Vorwort / Danksagung\n\n<!-- p. 1 -->\n\nSeite 1, Absatz 1: ")
                .contains("\n\n## Danksagung\n\nSeite 1, Absatz 2: ")
                .doesNotContain("\nVorwort\n");
    }

    @Test
    void shouldWriteARightToLeftLineInReadingOrder() throws Exception {
        Path font = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(font), "no DejaVu Sans on this machine");

        Path out = run(TestPdfs.rightToLeft(tmp.resolve("in/hebrew.pdf"), font, List.of("אחת", "שתיים", "שלוש")));

        assertThat(chapterFiles(out)).isEqualTo("# Page 1\n\n<!-- p. 1 -->\n\nA line in Hebrew follows.\n\nאחת שתיים שלוש\n");
    }

    private static String chapterFiles(Path out) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(out.resolve("chapters"))) {
            for (Path file : files.sorted().toList()) all.append(all.isEmpty() ? "" : "\n").append(Files.readString(file));
        }
        return all.toString();
    }

    private Path run(Path pdf) throws Exception {
        PdfProcessingPipeline pipeline = new PdfProcessingPipeline(pdf.getParent());
        FakeStepContext context = new FakeStepContext(JobPayload.of(Map.of("file", pdf.getFileName().toString())),
                tmp.resolve("job-" + pdf.getFileName()));
        context.runAll(pipeline);
        return context.outputDir();
    }
}
