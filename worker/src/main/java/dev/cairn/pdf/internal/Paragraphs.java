package dev.cairn.pdf.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Divides a page's lines into paragraphs by their positions, and reads and writes the paragraph files
 * ({@code paragraphs/page-NNNN.txt}): one line of the page per line, a blank line between paragraphs.
 *
 * <p>A line starts a new paragraph when
 * <ul>
 *   <li>the gap above it is clearly wider than the page's usual line pitch (more than
 *       {@value #GAP_FACTOR} times the lower median of the distances between consecutive lines of the
 *       same size, measured in glyph heights so headings have their own pitch);</li>
 *   <li>its text is of another size than the line before (a heading, a footnote);</li>
 *   <li>it is indented from the page's usual left margin while the line before starts at the margin
 *       (a first-line indent);</li>
 *   <li>it lies above the line before (a new column or a box placed later).</li>
 * </ul>
 * Why not PDFBox's own paragraph marks: its gap test compares the gap with the glyph height (about 0.6
 * em), so text set with a leading of 1.5 em or more came out as one paragraph per line, and a document
 * set tighter as one paragraph per page. The page's own pitch adapts to both.
 */
public final class Paragraphs {

    /** A gap this many times the usual line pitch separates paragraphs. */
    static final double GAP_FACTOR = 1.3;
    /** Sizes that differ by more than this share of the larger are different text styles. */
    private static final double SIZE_TOLERANCE = 0.15;

    private Paragraphs() {
    }

    /**
     * A line of a page.
     *
     * @param text   its text, cleaned, not empty
     * @param x      where it starts, left to right; {@code NaN} when unknown (a right-to-left line)
     * @param y      its baseline, top to bottom
     * @param height the height of its glyphs
     */
    public record Line(String text, float x, float y, float height) {

        /** @return a line with this one's position and other text (a line PDFBox gave no positions for) */
        Line next(String other) {
            return new Line(other, x, y + 0.01f, height);
        }
    }

    /**
     * @param lines a page's lines in reading order
     * @return its paragraphs, each a list of lines' texts, in order
     */
    public static List<List<String>> split(List<Line> lines) {
        List<List<String>> paragraphs = new ArrayList<>();
        if (lines.isEmpty()) return paragraphs;
        double pitch = usualPitch(lines);
        float margin = usualMargin(lines);
        List<String> current = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (i > 0 && startsParagraph(lines.get(i - 1), line, pitch, margin) && !current.isEmpty()) {
                paragraphs.add(current);
                current = new ArrayList<>();
            }
            current.add(line.text());
        }
        paragraphs.add(current);
        return paragraphs;
    }

    private static boolean startsParagraph(Line previous, Line line, double pitch, float margin) {
        float dy = line.y() - previous.y();
        if (dy <= 0) return true;
        if (!sameSize(previous, line)) return true;
        float size = Math.max(line.height(), 1f);
        if (!Double.isNaN(pitch) && dy > pitch * size * GAP_FACTOR) return true;
        boolean previousAtMargin = Math.abs(previous.x() - margin) <= size * 0.5f;
        float indent = line.x() - margin;
        return previousAtMargin && indent >= size && indent <= size * 8;
    }

    private static boolean sameSize(Line a, Line b) {
        float larger = Math.max(a.height(), b.height());
        return larger <= 0 || Math.abs(a.height() - b.height()) <= larger * SIZE_TOLERANCE;
    }

    // The lower median of the distances between consecutive lines of one size, per unit of glyph height
    // (so a heading's wider pitch counts as usual for its size): the body text's pitch on most pages,
    // unaffected by the few wide gaps this is meant to find.
    private static double usualPitch(List<Line> lines) {
        float[] gaps = new float[lines.size()];
        int n = 0;
        for (int i = 1; i < lines.size(); i++) {
            float dy = lines.get(i).y() - lines.get(i - 1).y();
            float size = Math.max(lines.get(i).height(), 1f);
            if (dy > 0 && sameSize(lines.get(i - 1), lines.get(i))) gaps[n++] = dy / size;
        }
        if (n == 0) return Double.NaN;
        Arrays.sort(gaps, 0, n);
        return gaps[(n - 1) / 2];
    }

    // The most common start of a line, to the point; ties go to the leftmost.
    private static float usualMargin(List<Line> lines) {
        Map<Integer, Integer> counts = new HashMap<>();
        int best = Math.round(lines.getFirst().x());
        int bestCount = 0;
        for (Line line : lines) {
            if (Float.isNaN(line.x())) continue;
            int x = Math.round(line.x());
            int count = counts.merge(x, 1, Integer::sum);
            if (count > bestCount || (count == bestCount && x < best)) {
                best = x;
                bestCount = count;
            }
        }
        return best;
    }

    /**
     * @param paragraphs paragraphs of lines
     * @return the paragraph file's text: lines one per line, a blank line between paragraphs, a line
     * end at the end; {@code ""} when there are none
     */
    public static String format(List<List<String>> paragraphs) {
        StringBuilder out = new StringBuilder();
        for (List<String> paragraph : paragraphs) {
            if (paragraph.isEmpty()) continue;
            if (!out.isEmpty()) out.append('\n');
            for (String line : paragraph) out.append(line).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads a paragraph file, or a raw page text (where only blank lines separate paragraphs).
     *
     * @param text the file's text
     * @return its paragraphs; lines cleaned, blank ones dropped
     */
    public static List<List<String>> parse(String text) {
        List<List<String>> paragraphs = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = Text.clean(raw);
            if (line.isEmpty()) {
                if (!current.isEmpty()) paragraphs.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        if (!current.isEmpty()) paragraphs.add(current);
        return paragraphs;
    }
}
