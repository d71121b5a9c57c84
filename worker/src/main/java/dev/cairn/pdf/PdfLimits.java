package dev.cairn.pdf;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.PdfSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and tunables of the {@code pdf-processing} pipeline. A document over a limit fails
 * permanently with a message naming the limit (and the variable that sets it), instead of tying up a
 * worker for hours or running it out of memory.
 *
 * <p>Besides these, the pipeline applies fixed guards against documents built to hurt a reader (see
 * {@code README.md}, "Limits on hostile input"): no stream may inflate past 256 MB (or an eighth of
 * the heap), no page may hold more than 200,000 characters, page content may not run 4 MB without an
 * operator, graphics states may not nest 10,000 deep, page trees not 256 levels deep.
 *
 * @param maxFileBytes      largest input file accepted ({@code CAIRN_MAX_UPLOAD_MB})
 * @param maxPages          most pages accepted ({@code CAIRN_PDF_MAX_PAGES})
 * @param pagesPerChapter   chapter size when a document has neither bookmarks nor headings
 * @param maxOutlineEntries most chapter-level bookmarks read; later ones are ignored
 * @param maxTextBytes      most extracted text per document, UTF-8 bytes ({@code CAIRN_PDF_MAX_TEXT_MB})
 * @param pageTimeout       longest the text extraction of one page may take ({@code CAIRN_PDF_PAGE_TIMEOUT})
 */
public record PdfLimits(long maxFileBytes, int maxPages, int pagesPerChapter, int maxOutlineEntries,
                        long maxTextBytes, Duration pageTimeout) {

    /** 1 GiB, 100 000 pages, 20 pages per fixed chapter, 1 000 bookmarks, 256 MB of text, 30 s per page. */
    public static final PdfLimits DEFAULTS = new PdfLimits(1L << 30, PdfSettings.DEFAULTS.maxPages(), 20, 1_000,
            PdfSettings.DEFAULTS.maxTextBytes(), PdfSettings.DEFAULTS.pageTimeout());

    /** Rejects limits that could never accept a document. */
    public PdfLimits {
        if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be positive");
        if (maxPages < 1) throw new IllegalArgumentException("maxPages must be positive");
        if (pagesPerChapter < 1) throw new IllegalArgumentException("pagesPerChapter must be positive");
        if (maxOutlineEntries < 0) throw new IllegalArgumentException("maxOutlineEntries must not be negative");
        if (maxTextBytes < 1) throw new IllegalArgumentException("maxTextBytes must be positive");
        Objects.requireNonNull(pageTimeout, "pageTimeout");
        if (pageTimeout.isNegative() || pageTimeout.isZero()) throw new IllegalArgumentException("pageTimeout must be positive");
    }

    /**
     * Limits on size and page count only; text size and page time as in {@link #DEFAULTS}.
     *
     * @param maxFileBytes      largest input file accepted
     * @param maxPages          most pages accepted
     * @param pagesPerChapter   chapter size when a document has neither bookmarks nor headings
     * @param maxOutlineEntries most chapter-level bookmarks read
     */
    public PdfLimits(long maxFileBytes, int maxPages, int pagesPerChapter, int maxOutlineEntries) {
        this(maxFileBytes, maxPages, pagesPerChapter, maxOutlineEntries, DEFAULTS.maxTextBytes(), DEFAULTS.pageTimeout());
    }

    /**
     * @param pdf          {@code CAIRN_PDF_*}
     * @param maxFileBytes largest input file, {@code CAIRN_MAX_UPLOAD_MB} in bytes
     * @return the limits the configuration sets, with the default chapter size and bookmark count
     */
    public static PdfLimits from(PdfSettings pdf, long maxFileBytes) {
        return new PdfLimits(maxFileBytes, pdf.maxPages(), DEFAULTS.pagesPerChapter(), DEFAULTS.maxOutlineEntries(),
                pdf.maxTextBytes(), pdf.pageTimeout());
    }

    /**
     * @param config the worker's configuration
     * @return the limits it sets: {@link CairnConfig#pdf()} and {@code CAIRN_MAX_UPLOAD_MB} as the largest file
     */
    public static PdfLimits from(CairnConfig config) {
        return from(config.pdf(), config.http().maxUploadBytes());
    }

    /** @return a copy with another page time limit */
    public PdfLimits withPageTimeout(Duration timeout) {
        return new PdfLimits(maxFileBytes, maxPages, pagesPerChapter, maxOutlineEntries, maxTextBytes, timeout);
    }

    /** @return a copy with another text limit */
    public PdfLimits withMaxTextBytes(long bytes) {
        return new PdfLimits(maxFileBytes, maxPages, pagesPerChapter, maxOutlineEntries, bytes, pageTimeout);
    }
}
