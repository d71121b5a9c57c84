package dev.cairn.pdf.internal;

import java.io.IOException;
import java.io.Reader;

/**
 * What chapter detection needs from the page texts, gathered in one streaming pass that reads the page
 * files one at a time: each page's word count and its first non-blank line. Nothing else of the text is
 * kept, so memory is a few bytes per page.
 */
public final class PageStats {

    /** First lines longer than this are cut; no heading is anywhere near as long. */
    static final int MAX_FIRST_LINE = 200;

    private final int[] words;
    private final String[] firstLines;

    private PageStats(int[] words, String[] firstLines) {
        this.words = words;
        this.firstLines = firstLines;
    }

    /**
     * @param files where the page texts are
     * @param pages the document's page count
     * @return the statistics of pages {@code 1..pages}
     * @throws IOException when a page file cannot be read (missing ones: see {@link PageTextFiles#open})
     */
    public static PageStats read(PageTextFiles files, int pages) throws IOException {
        int[] words = new int[pages];
        String[] firstLines = new String[pages];
        char[] buffer = new char[8192];
        for (int page = 1; page <= pages; page++) {
            try (Reader in = files.open(page)) {
                Scan scan = new Scan();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    scan.feed(buffer, n);
                }
                words[page - 1] = scan.words;
                firstLines[page - 1] = scan.firstLine();
            }
        }
        return new PageStats(words, firstLines);
    }

    /** @return the number of pages covered */
    public int pages() {
        return words.length;
    }

    /**
     * @param page 1-based page number
     * @return the page's first non-blank line, trimmed; {@code ""} for a page without text
     */
    public String firstLine(int page) {
        return firstLines[page - 1];
    }

    /**
     * @param firstPage 1-based, inclusive
     * @param lastPage  1-based, inclusive
     * @return the whitespace-separated tokens on those pages
     */
    public long words(int firstPage, int lastPage) {
        long total = 0;
        for (int page = firstPage; page <= lastPage; page++) total += words[page - 1];
        return total;
    }

    /** Counts tokens and captures the first non-blank line of one page as its characters stream by. */
    private static final class Scan {
        int words;
        private boolean inWord;
        private final StringBuilder line = new StringBuilder();
        private boolean firstLineDone;

        void feed(char[] chars, int length) {
            for (int i = 0; i < length; i++) {
                char c = chars[i];
                boolean space = Text.isSpace(c);
                if (!space && !inWord) words++;
                inWord = !space;
                if (!firstLineDone) collectFirstLine(c);
            }
        }

        private void collectFirstLine(char c) {
            if (c == '\n' || c == '\r') {
                if (!line.toString().isBlank()) firstLineDone = true;
                else line.setLength(0);
            } else if (line.length() < MAX_FIRST_LINE) {
                line.append(c);
            }
        }

        String firstLine() {
            return Text.clean(line.toString());
        }
    }
}
