package dev.cairn.pdf.internal;

import java.text.Bidi;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a line that holds right-to-left text (Hebrew, Arabic) in logical (reading) order from its
 * glyphs' positions.
 *
 * <p>Why: PDFBox (without sorting by position, which would change the raw text) takes glyphs in the
 * order the PDF draws them and turns visual into logical order per <em>word</em>. A PDF that draws a
 * right-to-left line word by word from the right margin leftwards comes out with the words glued together
 * and in the wrong order ("שלוששתייםאחת" for "אחת שתיים שלוש"), one that draws it left to right with
 * separately placed words comes out with the words in visual order. Here the line's glyphs are put in
 * visual order by their x positions, spaces go where the gaps are, and the Unicode bidi algorithm turns the
 * visual line into the logical one, the same way PDFBox does for a word (the reordering rule applied to
 * the visual string, right-to-left runs reversed, brackets mirrored). Arabic presentation forms are
 * decomposed as PDFBox does. The base direction is the one most strong letters have: a PDF does not say
 * whether a line belongs to a right-to-left paragraph.
 */
public final class BidiLines {

    /** A glyph of a line: its text and where it is drawn, left to right. */
    record Glyph(String text, float x, float width, float spaceWidth) {
    }

    private BidiLines() {
    }

    /**
     * @param text any text
     * @return whether it holds a right-to-left letter
     */
    public static boolean hasRightToLeft(String text) {
        for (int i = 0; i < text.length(); i++) {
            byte d = Character.getDirectionality(text.charAt(i));
            if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param glyphs a line's glyphs in any order
     * @return the line's text in logical order, spaces where the gaps between glyphs are
     */
    static String logicalLine(List<Glyph> glyphs) {
        List<Glyph> sorted = new ArrayList<>(glyphs);
        sorted.sort(Comparator.comparingDouble(Glyph::x)); // stable: glyphs drawn on one spot keep their order
        StringBuilder visual = new StringBuilder();
        float end = Float.NaN;
        for (Glyph glyph : sorted) {
            float gap = glyph.x() - end;
            float space = glyph.spaceWidth() > 0 ? glyph.spaceWidth() : glyph.width();
            if (!visual.isEmpty() && gap > space * 0.4f && visual.charAt(visual.length() - 1) != ' ') visual.append(' ');
            visual.append(glyph.text());
            end = Float.isNaN(end) ? glyph.x() + glyph.width() : Math.max(end, glyph.x() + glyph.width());
        }
        return visualToLogical(decomposePresentationForms(visual.toString()));
    }

    /**
     * @param visual a line as it is seen, left to right
     * @return the line as it is read
     */
    static String visualToLogical(String visual) {
        if (!hasRightToLeft(visual)) return visual;
        Bidi bidi = new Bidi(visual, mostlyRightToLeft(visual) ? Bidi.DIRECTION_RIGHT_TO_LEFT : Bidi.DIRECTION_LEFT_TO_RIGHT);
        int runs = bidi.getRunCount();
        byte[] levels = new byte[runs];
        Integer[] order = new Integer[runs];
        for (int i = 0; i < runs; i++) {
            levels[i] = (byte) bidi.getRunLevel(i);
            order[i] = i;
        }
        Bidi.reorderVisually(levels, 0, order, 0, runs);
        StringBuilder logical = new StringBuilder(visual.length());
        for (int run : order) {
            int start = bidi.getRunStart(run);
            int limit = bidi.getRunLimit(run);
            if ((bidi.getRunLevel(run) & 1) == 0) {
                logical.append(visual, start, limit);
            } else {
                for (int i = limit - 1; i >= start; i--) {
                    char c = visual.charAt(i);
                    if (Character.isLowSurrogate(c) && i > start && Character.isHighSurrogate(visual.charAt(i - 1))) {
                        logical.append(visual.charAt(i - 1)).append(c);
                        i--;
                    } else {
                        logical.append(mirror(c));
                    }
                }
            }
        }
        return logical.toString();
    }

    private static boolean mostlyRightToLeft(String text) {
        int ltr = 0;
        int rtl = 0;
        for (int i = 0; i < text.length(); i++) {
            byte d = Character.getDirectionality(text.charAt(i));
            if (d == Character.DIRECTIONALITY_LEFT_TO_RIGHT) ltr++;
            else if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) rtl++;
        }
        return rtl > ltr;
    }

    private static char mirror(char c) {
        return switch (c) {
            case '(' -> ')';
            case ')' -> '(';
            case '[' -> ']';
            case ']' -> '[';
            case '{' -> '}';
            case '}' -> '{';
            case '<' -> '>';
            case '>' -> '<';
            case '«' -> '»';
            case '»' -> '«';
            case '‹' -> '›';
            case '›' -> '‹';
            default -> c;
        };
    }

    // Arabic and Hebrew presentation forms (ligatures, positional forms) become the letters they stand
    // for, as in PDFBox; a ligature's letters are reversed since the text is still in visual order here.
    private static String decomposePresentationForms(String visual) {
        StringBuilder out = null;
        for (int i = 0; i < visual.length(); i++) {
            char c = visual.charAt(i);
            if ((c >= 0xFB00 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)) {
                if (out == null) out = new StringBuilder(visual.length() + 8).append(visual, 0, i);
                String letters = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC).trim();
                if (c >= 0xFB1D && letters.length() > 1) letters = new StringBuilder(letters).reverse().toString();
                out.append(letters);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? visual : out.toString();
    }
}
