package dev.cairn.pdf;

/**
 * Limits and tunables of the {@code pdf-processing} pipeline. A document over a limit fails
 * permanently with a message naming the limit, instead of tying up a worker for hours.
 *
 * @param maxFileBytes      largest input file accepted
 * @param maxPages          most pages accepted
 * @param pagesPerChapter   chapter size when a document has neither bookmarks nor headings
 * @param maxOutlineEntries most chapter-level bookmarks read; later ones are ignored
 */
public record PdfLimits(long maxFileBytes, int maxPages, int pagesPerChapter, int maxOutlineEntries) {

    /** 1 GiB, 100 000 pages, 20 pages per fixed chapter, 1 000 bookmarks. */
    public static final PdfLimits DEFAULTS = new PdfLimits(1L << 30, 100_000, 20, 1_000);

    /** Rejects limits that could never accept a document. */
    public PdfLimits {
        if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be positive");
        if (maxPages < 1) throw new IllegalArgumentException("maxPages must be positive");
        if (pagesPerChapter < 1) throw new IllegalArgumentException("pagesPerChapter must be positive");
        if (maxOutlineEntries < 0) throw new IllegalArgumentException("maxOutlineEntries must not be negative");
    }
}
