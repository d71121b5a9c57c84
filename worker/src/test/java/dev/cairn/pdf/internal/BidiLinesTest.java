package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.pdf.internal.BidiLines.Glyph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BidiLinesTest {

    @Test
    void shouldReadAVisualRightToLeftLineInLogicalOrder() {
        assertThat(BidiLines.visualToLogical("שולש םייתש תחא")).isEqualTo("אחת שתיים שלוש");
        assertThat(BidiLines.visualToLogical("Hello םולש world")).isEqualTo("Hello שלום world");
        // mostly Hebrew: the English words are a left-to-right run inside a right-to-left line
        assertThat(BidiLines.visualToLogical("PDF world םיבר םירבד")).isEqualTo("דברים רבים PDF world");
        assertThat(BidiLines.visualToLogical("(1) תחא")).isEqualTo("אחת (1)");
        assertThat(BidiLines.visualToLogical("plain text")).isEqualTo("plain text");
    }

    @Test
    void shouldOrderGlyphsByPositionWhateverOrderTheyAreDrawnIn() {
        List<Glyph> glyphs = new ArrayList<>();
        float x = 0;
        for (String word : List.of("שולש", "םייתש", "תחא")) { // visual order, left to right
            for (char c : word.toCharArray()) {
                glyphs.add(new Glyph(String.valueOf(c), x, 6, 3));
                x += 6;
            }
            x += 4; // the gap between words, no space glyph
        }

        assertThat(BidiLines.logicalLine(glyphs)).isEqualTo("אחת שתיים שלוש");
        Collections.reverse(glyphs); // drawn from the right margin leftwards
        assertThat(BidiLines.logicalLine(glyphs)).isEqualTo("אחת שתיים שלוש");
    }

    @Test
    void shouldDecomposeArabicLigaturesIntoTheirLetters() {
        // lam-alef ligature then beh, seen left to right: "بلا" is read b-l-a ... visually "لاب" with the ligature
        List<Glyph> glyphs = List.of(new Glyph("\uFEFB", 0, 6, 3), new Glyph("\u0628", 6, 6, 3));

        assertThat(BidiLines.logicalLine(glyphs)).isEqualTo("\u0628\u0644\u0627");
    }
}
