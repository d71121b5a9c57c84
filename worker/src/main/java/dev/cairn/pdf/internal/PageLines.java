package dev.cairn.pdf.internal;

import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.text.TextPosition;

/**
 * Collects one page's lines with their positions while {@link PageTextExtractor} writes the page's raw
 * text, and turns them into the page's paragraphs ({@link Paragraphs}). It only listens: the raw text
 * PDFBox writes is not changed. A line with right-to-left letters is read again from its glyphs'
 * positions ({@link BidiLines}); other lines are PDFBox's words joined by spaces, at no extra cost.
 */
final class PageLines {

    private final List<Paragraphs.Line> lines = new ArrayList<>();
    private final List<String> words = new ArrayList<>();
    private final List<List<TextPosition>> wordPositions = new ArrayList<>();
    private boolean rightToLeft;

    /** Forgets the previous page. */
    void reset() {
        lines.clear();
        words.clear();
        wordPositions.clear();
        rightToLeft = false;
    }

    /**
     * @param text      a word (or a run of words PDFBox did not split) of the current line, as PDFBox
     *                  normalised it
     * @param positions its glyphs
     */
    void word(String text, List<TextPosition> positions) {
        if (text == null || text.isEmpty()) return;
        words.add(text);
        wordPositions.add(positions);
        if (!rightToLeft && BidiLines.hasRightToLeft(text)) rightToLeft = true;
    }

    /** Ends the current line, if it has words. */
    void endLine() {
        if (words.isEmpty()) return;
        String text = Text.clean(rightToLeft ? BidiLines.logicalLine(glyphs()) : String.join(" ", words));
        TextPosition first = firstPosition();
        if (!text.isEmpty()) {
            if (first != null) {
                // The line's first glyph stands for the line: where it starts, its baseline, its size. A
                // right-to-left line starts at its right end, so it takes no part in the indent test.
                lines.add(new Paragraphs.Line(text, rightToLeft ? Float.NaN : first.getXDirAdj(),
                        first.getYDirAdj(), first.getHeightDir()));
            } else if (!lines.isEmpty()) {
                lines.add(lines.getLast().next(text));
            }
        }
        words.clear();
        wordPositions.clear();
        rightToLeft = false;
    }

    /** @return the page's paragraphs in the format of {@link Paragraphs#format} */
    String paragraphs() {
        endLine();
        return Paragraphs.format(Paragraphs.split(lines));
    }

    private TextPosition firstPosition() {
        for (List<TextPosition> positions : wordPositions) {
            if (!positions.isEmpty()) return positions.getFirst();
        }
        return null;
    }

    private List<BidiLines.Glyph> glyphs() {
        List<BidiLines.Glyph> glyphs = new ArrayList<>();
        for (List<TextPosition> positions : wordPositions) {
            for (TextPosition p : positions) {
                String unicode = p.getVisuallyOrderedUnicode();
                if (unicode == null || unicode.isEmpty()) continue;
                glyphs.add(new BidiLines.Glyph(unicode, p.getXDirAdj(), p.getWidthDirAdj(), p.getWidthOfSpace()));
            }
        }
        return glyphs;
    }
}
