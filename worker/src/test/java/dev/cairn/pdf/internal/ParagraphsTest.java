package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.pdf.internal.Paragraphs.Line;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParagraphsTest {

    private static final float BODY = 5.8f; // PDFBox's glyph height of 10 pt Helvetica

    @Test
    void shouldSplitAtGapsWiderThanThePagesUsualPitchWhateverTheLeading() {
        for (float leading : new float[]{11, 15, 20}) {
            List<Line> lines = new ArrayList<>();
            float y = 100;
            for (int i = 1; i <= 6; i++) {
                lines.add(new Line("line " + i, 56, y, BODY));
                y += leading + (i == 3 ? leading * 0.6f : 0);
            }

            assertThat(Paragraphs.split(lines)).as("leading %s", leading).containsExactly(
                    List.of("line 1", "line 2", "line 3"), List.of("line 4", "line 5", "line 6"));
        }
    }

    @Test
    void shouldSplitAtAFirstLineIndentButNotAfterIt() {
        List<Line> lines = List.of(new Line("Indented start", 71, 100, BODY), new Line("goes on", 56, 113, BODY),
                new Line("and ends.", 56, 126, BODY), new Line("Next starts", 71, 139, BODY),
                new Line("here.", 56, 152, BODY));

        assertThat(Paragraphs.split(lines)).containsExactly(
                List.of("Indented start", "goes on", "and ends."), List.of("Next starts", "here."));
    }

    @Test
    void shouldSplitWhereTheSizeChangesOrTheTextGoesBackUp() {
        List<Line> lines = List.of(new Line("Kapitel 5", 56, 60, 10.4f), new Line("Krümmung", 56, 86, 10.4f),
                new Line("Body one", 56, 110, BODY), new Line("body two", 56, 125, BODY),
                new Line("Second column", 300, 110, BODY), new Line("goes on", 300, 125, BODY));

        assertThat(Paragraphs.split(lines)).containsExactly(List.of("Kapitel 5", "Krümmung"),
                List.of("Body one", "body two"), List.of("Second column", "goes on"));
    }

    @Test
    void shouldWriteAndReadParagraphFilesWithBlankLinesBetweenParagraphs() {
        List<List<String>> paragraphs = List.of(List.of("a", "b"), List.of("c"));

        assertThat(Paragraphs.format(paragraphs)).isEqualTo("a\nb\n\nc\n");
        assertThat(Paragraphs.parse("a\nb\n\nc\n")).isEqualTo(paragraphs);
        assertThat(Paragraphs.parse("raw line\r\n  \r\nnext\t line")).containsExactly(List.of("raw line"), List.of("next line"));
        assertThat(Paragraphs.format(List.of())).isEmpty();
    }
}
