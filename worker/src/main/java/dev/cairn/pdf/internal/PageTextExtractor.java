package dev.cairn.pdf.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDTransparencyGroup;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Extracts a document's text page by page in ONE pass over the document, handing each page's text
 * to a {@link PageSink} as soon as the page is done: the raw text as PDFBox writes it, and the same
 * lines divided into paragraphs by their positions ({@link Paragraphs}), which the chapter Markdown is
 * made of.
 *
 * <p>Why a subclass: calling {@code getText} once per page with {@code setStartPage/setEndPage} makes
 * PDFBox walk the page tree from page 1 on every call (O(pages²) overall). Here a single
 * {@code writeText} runs from the first wanted page to the end, and the {@code startPage}/{@code endPage}
 * hooks swap a per-page buffer in as the stripper's output, so the cost per page is the same as
 * whole-document extraction and only one page's text is in memory at a time.
 *
 * <p>The subclass is also where a hostile page is stopped (see {@link ReadGuard}): each page gets the
 * page time limit, its content is read through a {@link ContentGuard}, and a page may not hold more than
 * {@value #MAX_PAGE_CHARS} characters nor nest graphics states {@value #MAX_GRAPHICS_DEPTH} deep, since
 * PDFBox keeps every glyph of a page (~300 bytes each) and every saved state in memory.
 */
public final class PageTextExtractor extends PDFTextStripper {

    /** Most characters on one page; a dense printed page has about 4,000. */
    public static final int MAX_PAGE_CHARS = 200_000;
    /** Most nested graphics states ({@code q}); real pages nest a handful. */
    public static final int MAX_GRAPHICS_DEPTH = 10_000;

    /** Receives each page's text in page order. */
    @FunctionalInterface
    public interface PageSink {
        /**
         * @param page       1-based page number
         * @param text       the page's raw text as PDFBox writes it, {@code ""} for a page without text
         * @param paragraphs the same text divided into paragraphs by the lines' positions, right-to-left
         *                   lines in reading order ({@link Paragraphs#format}), {@code ""} for a page
         *                   without text
         * @throws IOException when the text cannot be stored
         */
        void accept(int page, String text, String paragraphs) throws IOException;
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
    private final PageLines pageLines = new PageLines();
    private final ReadGuard guard;
    private final Duration pageTimeout;
    private final String timeoutVariable;
    private PageSink sink;
    private int nextPage;
    private int pages;
    private long pageChars;

    /**
     * An extractor without a page time limit, for tools that read documents they trust (the benchmark);
     * the memory guards still apply. It uses the thread's current {@link ReadGuard}, when there is one.
     *
     * @throws IOException never in practice (PDFBox declares it)
     */
    public PageTextExtractor() throws IOException {
        this(ReadGuard.current() != null ? ReadGuard.current() : new ReadGuard(), null, null);
    }

    /**
     * Creates an extractor with "\n" line ends, so page files are the same on every platform.
     *
     * @param guard           the guard of the document being read
     * @param pageTimeout     how long one page may take, {@code null} for no limit
     * @param timeoutVariable the setting that sets {@code pageTimeout}, named when a page overruns it
     * @throws IOException never in practice (PDFBox declares it)
     */
    public PageTextExtractor(ReadGuard guard, Duration pageTimeout, String timeoutVariable) throws IOException {
        this.guard = guard;
        this.pageTimeout = pageTimeout;
        this.timeoutVariable = timeoutVariable;
        setLineSeparator("\n");
    }

    /**
     * {@link #extract(PDDocument, int, int, PageSink)} with the page count of {@link PdfDocuments#pages}.
     *
     * @param document  a document opened by {@link PdfDocuments#open}
     * @param firstPage the 1-based page to start at
     * @param sink      receives the pages in order
     * @throws IOException when PDFBox fails on the document
     */
    public void extract(PDDocument document, int firstPage, PageSink sink) throws IOException {
        extract(document, firstPage, PdfDocuments.pages(document), sink);
    }

    /**
     * @param document  an open document
     * @param firstPage the 1-based page to start at (pages before it are skipped without parsing)
     * @param pages     the document's page count ({@link PdfDocuments#pages})
     * @param sink      receives pages {@code firstPage..pages} in order, each exactly once
     * @throws IOException  when PDFBox fails on the document (PDFBox may also throw unchecked exceptions)
     * @throws SinkFailure  wrapping whatever the sink threw
     * @throws dev.cairn.api.CairnException permanent, when a page is over a limit
     */
    public void extract(PDDocument document, int firstPage, int pages, PageSink sink) throws IOException {
        this.sink = sink;
        this.nextPage = firstPage;
        this.pages = pages;
        setStartPage(firstPage);
        setEndPage(Integer.MAX_VALUE);
        try {
            writeText(document, Writer.nullWriter());
            emitBlankPagesBefore(pages + 1);
        } finally {
            this.sink = null;
            guard.clearDeadline();
        }
    }

    @Override
    public void processPage(PDPage page) throws IOException {
        int number = getCurrentPageNo();
        if (pageTimeout != null) {
            guard.deadline(pageTimeout, "page " + number + " of " + pages + " took longer than " + timeoutVariable
                    + " (" + human(pageTimeout) + ") to extract; the page is too complex or built to stall readers");
        }
        pageChars = 0;
        guard.pageStarted();
        super.processPage(new GuardedContent.Page(page, guard));
        guard.clearDeadline();
    }

    @Override
    protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
        guard.operator();
        if ("q".equals(operator.getName()) && getGraphicsStackSize() >= MAX_GRAPHICS_DEPTH) {
            throw guard.fail("page " + getCurrentPageNo() + " nests graphics states more than " + MAX_GRAPHICS_DEPTH
                    + " deep; refusing it as a likely memory bomb");
        }
        super.processOperator(operator, operands);
    }

    @Override
    public void showForm(PDFormXObject form) throws IOException {
        super.showForm(new GuardedContent.Form(form, guard));
    }

    @Override
    public void showTransparencyGroup(PDTransparencyGroup group) throws IOException {
        super.showTransparencyGroup(new GuardedContent.Group(group, guard));
    }

    @Override
    protected void processTextPosition(TextPosition text) {
        String unicode = text.getUnicode();
        pageChars += unicode == null || unicode.isEmpty() ? 1 : unicode.length();
        if (pageChars > MAX_PAGE_CHARS) {
            throw guard.fail("page " + getCurrentPageNo() + " holds more than " + MAX_PAGE_CHARS
                    + " characters of text; refusing it as a likely memory bomb");
        }
        guard.glyph();
        super.processTextPosition(text);
    }

    // The three writers below pass PDFBox's output on unchanged and show each line to PageLines, which
    // keeps the lines' positions for the paragraph split.

    @Override
    protected void writeString(String text, List<TextPosition> textPositions) throws IOException {
        super.writeString(text, textPositions);
        pageLines.word(text, textPositions);
    }

    @Override
    protected void writeLineSeparator() throws IOException {
        super.writeLineSeparator();
        pageLines.endLine();
    }

    @Override
    protected void writeParagraphEnd() throws IOException {
        super.writeParagraphEnd();
        pageLines.endLine();
    }

    @Override
    protected void startPage(PDPage page) throws IOException {
        // PDFBox skips pages without a content stream entirely; give them an empty text so every page
        // gets its file and its checkpoint.
        emitBlankPagesBefore(getCurrentPageNo());
        pageText.getBuffer().setLength(0);
        pageLines.reset();
        output = pageText;
    }

    @Override
    protected void endPage(PDPage page) throws IOException {
        guard.clearDeadline(); // storing the page is not the page's fault
        int current = getCurrentPageNo();
        deliver(current, pageText.toString(), pageLines.paragraphs());
        nextPage = current + 1;
        output = Writer.nullWriter();
    }

    private void emitBlankPagesBefore(int page) {
        for (; nextPage < page; nextPage++) {
            deliver(nextPage, "", "");
        }
    }

    private void deliver(int page, String text, String paragraphs) {
        try {
            sink.accept(page, text, paragraphs);
        } catch (Exception e) {
            throw new SinkFailure(e);
        }
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
