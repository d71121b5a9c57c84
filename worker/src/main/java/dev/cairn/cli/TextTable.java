package dev.cairn.cli;

import java.util.List;

/** Plain-text layout for the human-readable output of the client commands: aligned columns and labelled lines. */
final class TextTable {

    private TextTable() {
    }

    /**
     * Rows in columns as wide as their widest cell, two spaces apart; the last column is not padded.
     *
     * @param out    where the lines go
     * @param indent put before every line
     * @param rows   the rows, the header first; every row has the same number of cells
     */
    static void columns(StringBuilder out, String indent, List<String[]> rows) {
        if (rows.isEmpty()) return;
        int[] widths = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) widths[i] = Math.max(widths[i], r[i].length());
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : pad(r[i], widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /**
     * One {@code label   value} line.
     *
     * @param out    where the line goes
     * @param indent put before the label
     * @param width  the label column's width
     * @param label  the label
     * @param value  the value; {@code null} shows as {@code -}
     */
    static void labelled(StringBuilder out, String indent, int width, String label, String value) {
        out.append(indent).append(pad(label, width)).append(value == null ? "-" : value).append('\n');
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
