package dev.cairn.pdf.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the running headers, footers and page numbers of a document, so the chapter Markdown can leave
 * them out. Only the first and last {@value #EDGE} lines of a page are candidates, taken from the edge
 * inwards (the second line only when the first is dropped). A candidate is dropped when it is
 * <ul>
 *   <li>a bare page number: {@code 12}, {@code - 12 -}, {@code xii}, {@code Page 12}, {@code Seite 12 von 40},
 *       {@code 12 / 40};</li>
 *   <li>a number and a running title where the number is the printed page number: it starts or ends
 *       with a number that is the PDF page number plus an offset that at least {@value #MIN_PAGES} pages
 *       and a quarter of the pages with text share ({@code 89 5.1. KRÜMMUNG VON KURVEN} on page 97);</li>
 *   <li>a line that is a paragraph of its own and repeats, digits aside, at the same end of at least
 *       two other pages within {@value #WINDOW} pages ({@code Lecture notes, draft}, alternating
 *       chapter and section titles). Being a paragraph of its own (set apart by a gap) keeps body text
 *       that happens to start pages alike.</li>
 * </ul>
 * The scan reads every page's paragraphs once and keeps only the candidates, a few short strings per page.
 */
public final class RunningLines {

    /** Lines looked at at each end of a page. */
    static final int EDGE = 2;
    /** Pages either side within which a repeated line counts. */
    static final int WINDOW = 4;
    /** Fewest pages that must share the page-number offset. */
    static final int MIN_PAGES = 3;
    private static final int MAX_LENGTH = 100;

    private static final Pattern BARE_NUMBER = Pattern.compile(
            "[\\s\\-–—|·.]*(?:\\d{1,4}|[ivxlcdm]{1,7})[\\s\\-–—|·.]*"
                    + "|(?i:page|seite|p\\.|s\\.)\\s*\\d{1,4}(?:\\s*(?i:of|von|/)\\s*\\d{1,4})?"
                    + "|\\d{1,4}\\s*(?:/|(?i:of|von))\\s*\\d{1,4}");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d{1,4})(?:\\s|$)");
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(?:^|\\s)(\\d{1,4})$");

    /** A candidate line and whether it is a paragraph by itself. */
    private record Edge(String line, boolean alone) {
    }

    private final byte[] top;
    private final byte[] bottom;

    private RunningLines(byte[] top, byte[] bottom) {
        this.top = top;
        this.bottom = bottom;
    }

    /**
     * @param files the job's page files
     * @param pages the document's page count
     * @return the running lines of pages {@code 1..pages}
     * @throws IOException when a page cannot be read
     */
    public static RunningLines scan(PageTextFiles files, int pages) throws IOException {
        List<List<List<String>>> all = new ArrayList<>(pages);
        for (int page = 1; page <= pages; page++) all.add(edgesOnly(files.paragraphs(page)));
        return of(all);
    }

    /**
     * @param pages every page's paragraphs, page 1 first
     * @return their running lines
     */
    static RunningLines of(List<List<List<String>>> pages) {
        int n = pages.size();
        Edge[][] tops = new Edge[n][];
        Edge[][] bottoms = new Edge[n][];
        int withText = 0;
        for (int i = 0; i < n; i++) {
            tops[i] = edges(pages.get(i), true);
            bottoms[i] = edges(pages.get(i), false);
            if (tops[i].length > 0) withText++;
        }
        Integer offset = pageNumberOffset(tops, bottoms, withText);
        Map<String, List<Integer>> topKeys = keys(tops);
        Map<String, List<Integer>> bottomKeys = keys(bottoms);
        byte[] top = new byte[n];
        byte[] bottom = new byte[n];
        for (int i = 0; i < n; i++) {
            int t = 0;
            while (t < tops[i].length && isRunning(tops[i][t], i, offset, topKeys)) t++;
            int b = 0;
            while (b < bottoms[i].length && isRunning(bottoms[i][b], i, offset, bottomKeys)) b++;
            int lines = lineCount(pages.get(i));
            top[i] = (byte) Math.min(t, lines);
            bottom[i] = (byte) Math.min(b, lines - top[i]);
        }
        return new RunningLines(top, bottom);
    }

    /**
     * @param page       1-based page number
     * @param paragraphs the page's paragraphs
     * @return them without the page's running lines (paragraphs left empty are gone)
     */
    public List<List<String>> strip(int page, List<List<String>> paragraphs) {
        int dropTop = page <= top.length ? top[page - 1] : 0;
        int dropBottom = page <= bottom.length ? bottom[page - 1] : 0;
        if (dropTop == 0 && dropBottom == 0) return paragraphs;
        int total = lineCount(paragraphs);
        List<List<String>> kept = new ArrayList<>();
        int index = 0;
        for (List<String> paragraph : paragraphs) {
            List<String> lines = new ArrayList<>();
            for (String line : paragraph) {
                if (index >= dropTop && index < total - dropBottom) lines.add(line);
                index++;
            }
            if (!lines.isEmpty()) kept.add(lines);
        }
        return kept;
    }

    private static boolean isRunning(Edge edge, int index, Integer offset, Map<String, List<Integer>> keys) {
        String line = edge.line();
        if (line.length() > MAX_LENGTH) return false;
        if (BARE_NUMBER.matcher(line).matches()) return true;
        if (offset != null) {
            for (int number : numbers(line)) {
                if (number - (index + 1) == offset) return true;
            }
        }
        if (!edge.alone()) return false;
        int near = 0;
        for (int other : keys.getOrDefault(key(line), List.of())) {
            if (other != index && Math.abs(other - index) <= WINDOW) near++;
        }
        return near >= 2;
    }

    // The offset between printed and PDF page numbers that most pages show at their edges, if enough do.
    private static Integer pageNumberOffset(Edge[][] tops, Edge[][] bottoms, int withText) {
        Map<Integer, Integer> pagesByOffset = new HashMap<>();
        for (int i = 0; i < tops.length; i++) {
            java.util.Set<Integer> offsets = new java.util.HashSet<>();
            for (Edge[] edges : new Edge[][]{tops[i], bottoms[i]}) {
                for (Edge edge : edges) {
                    if (edge.line().length() > MAX_LENGTH) continue;
                    for (int number : numbers(edge.line())) offsets.add(number - (i + 1));
                }
            }
            for (int offset : offsets) pagesByOffset.merge(offset, 1, Integer::sum);
        }
        Integer best = null;
        int bestPages = 0;
        for (Map.Entry<Integer, Integer> e : pagesByOffset.entrySet()) {
            if (e.getValue() > bestPages || (e.getValue() == bestPages && best != null && e.getKey() < best)) {
                best = e.getKey();
                bestPages = e.getValue();
            }
        }
        return bestPages >= MIN_PAGES && bestPages * 4 >= withText ? best : null;
    }

    private static List<Integer> numbers(String line) {
        List<Integer> numbers = new ArrayList<>(2);
        Matcher leading = LEADING_NUMBER.matcher(line);
        if (leading.find()) numbers.add(Integer.parseInt(leading.group(1)));
        Matcher trailing = TRAILING_NUMBER.matcher(line);
        if (trailing.find()) numbers.add(Integer.parseInt(trailing.group(1)));
        return numbers;
    }

    private static Map<String, List<Integer>> keys(Edge[][] pages) {
        Map<String, List<Integer>> keys = new HashMap<>();
        for (int i = 0; i < pages.length; i++) {
            for (Edge edge : pages[i]) {
                if (edge.alone() && edge.line().length() <= MAX_LENGTH) {
                    List<Integer> at = keys.computeIfAbsent(key(edge.line()), k -> new ArrayList<>());
                    if (at.isEmpty() || at.getLast() != i) at.add(i);
                }
            }
        }
        return keys;
    }

    // Digits aside, case and spacing aside: "89 5.1. KRÜMMUNG" and "91 5.1. Krümmung" are one line.
    private static String key(String line) {
        return line.toLowerCase(Locale.ROOT).replaceAll("\\d+", "#").replaceAll("\\s+", " ");
    }

    // The first (or last) EDGE lines of a page, from the edge inwards.
    private static Edge[] edges(List<List<String>> paragraphs, boolean fromTop) {
        List<Edge> edges = new ArrayList<>(EDGE);
        for (int p = 0; p < paragraphs.size() && edges.size() < EDGE; p++) {
            List<String> paragraph = paragraphs.get(fromTop ? p : paragraphs.size() - 1 - p);
            for (int l = 0; l < paragraph.size() && edges.size() < EDGE; l++) {
                edges.add(new Edge(paragraph.get(fromTop ? l : paragraph.size() - 1 - l), paragraph.size() == 1));
            }
        }
        return edges.toArray(new Edge[0]);
    }

    // What the scan keeps of a page: its first and last EDGE lines with their paragraphs' sizes.
    private static List<List<String>> edgesOnly(List<List<String>> paragraphs) {
        if (lineCount(paragraphs) <= 2 * EDGE) return paragraphs;
        List<List<String>> kept = new ArrayList<>();
        int lines = 0;
        for (List<String> paragraph : paragraphs) {
            if (lines >= EDGE) break;
            kept.add(paragraph.size() <= EDGE ? paragraph : paragraph.subList(0, EDGE));
            lines += paragraph.size();
        }
        List<List<String>> tail = new ArrayList<>();
        lines = 0;
        for (int p = paragraphs.size() - 1; p >= 0 && lines < EDGE; p--) {
            List<String> paragraph = paragraphs.get(p);
            tail.addFirst(paragraph.size() <= EDGE ? paragraph : paragraph.subList(paragraph.size() - EDGE, paragraph.size()));
            lines += paragraph.size();
        }
        kept.addAll(tail);
        return kept;
    }

    private static int lineCount(List<List<String>> paragraphs) {
        int lines = 0;
        for (List<String> paragraph : paragraphs) lines += paragraph.size();
        return lines;
    }
}
