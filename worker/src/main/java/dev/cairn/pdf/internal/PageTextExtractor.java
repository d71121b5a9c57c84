package dev.cairn.pdf.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Extracts a document's text page by page in ONE pass over the document, handing each page's text
 * to a {@link PageSink} as soon as the page is done.
 *
 * <p>Why a subclass: calling {@code getText} once per page with {@code setStartPage/setEndPage} makes
 * PDFBox walk the page tree from page 1 on every call (O(pages²) overall). Here a single
 * {@code writeText} runs from the first wanted page to the end, and the {@code startPage}/{@code endPage}
 * hooks swap a per-page buffer in as the stripper's output, so the cost per page is the same as
 * whole-document extraction and only one page's text is in memory at a time.
 */
public final class PageTextExtractor extends PDFTextStripper {

    /** Receives each page's text in page order. */
    @FunctionalInterface
    public interface PageSink {
        /**
         * @param page 1-based page number
         * @param text the page's text, {@code ""} for a page without text
         * @throws IOException when the text cannot be stored
         */
        void accept(int page, String text) throws IOException;
    }

    /**
     * Carries an exception thrown by the {@link PageSink} out of PDFBox's processing, so the caller can
     * tell its own failures (writing files, checkpointing) from PDFBox's failures on the document.
     */
    public static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(Exception cause) {
            super(cause.getMessage(), cause);
        }

        /** @return what the sink threw */
        public Exception sinkException() {
            return (Exception) getCause();
        }
    }

    private final StringWriter pageText = new StringWriter(4096);
    private PageSink sink;
    private int nextPage;

    /**
     * Creates an extractor with "\n" line ends, so page files are the same on every platform.
     *
     * @throws IOException never in practice (PDFBox declares it)
     */
    public PageTextExtractor() throws IOException {
        setLineSeparator("\n");
    }

    /**
     * @param document  an open document
     * @param firstPage the 1-based page to start at (pages before it are skipped without parsing)
     * @param sink      receives pages {@code firstPage..last} in order, each exactly once
     * @throws IOException  when PDFBox fails on the document (PDFBox may also throw unchecked exceptions)
     * @throws SinkFailure  wrapping whatever the sink threw
     */
    public void extract(PDDocument document, int firstPage, PageSink sink) throws IOException {
        this.sink = sink;
        this.nextPage = firstPage;
        setStartPage(firstPage);
        setEndPage(Integer.MAX_VALUE);
        try {
            writeText(document, Writer.nullWriter());
            emitBlankPagesBefore(document.getNumberOfPages() + 1);
        } finally {
            this.sink = null;
        }
    }

    @Override
    protected void startPage(PDPage page) throws IOException {
        // PDFBox skips pages without a content stream entirely; give them an empty text so every page
        // gets its file and its checkpoint.
        emitBlankPagesBefore(getCurrentPageNo());
        pageText.getBuffer().setLength(0);
        output = pageText;
    }

    @Override
    protected void endPage(PDPage page) throws IOException {
        int current = getCurrentPageNo();
        deliver(current, pageText.toString());
        nextPage = current + 1;
        output = Writer.nullWriter();
    }

    private void emitBlankPagesBefore(int page) {
        for (; nextPage < page; nextPage++) {
            deliver(nextPage, "");
        }
    }

    private void deliver(int page, String text) {
        try {
            sink.accept(page, text);
        } catch (Exception e) {
            throw new SinkFailure(e);
        }
    }
}
