package dev.cairn.testing;

/**
 * Small PDFs built to hurt a reader: each is a few kilobytes to a few megabytes on disk and asks for
 * far more work or memory than its size suggests. Every method returns the file's bytes; all are
 * deterministic. Used by the fuzz tests and their named regression cases.
 */
public final class HostilePdfs {

    private static final String FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

    private HostilePdfs() {
    }

    /**
     * One page whose content stream inflates to {@code decodedBytes} of blanks.
     *
     * @param decodedBytes  the stream's inflated size
     * @param filterAsArray {@code /Filter [/FlateDecode]} instead of {@code /Filter /FlateDecode}: PDFBox then
     *                      inflates the stream into memory instead of streaming it
     * @return the PDF
     */
    public static byte[] zipBomb(long decodedBytes, boolean filterAsArray) {
        return inflatingPage(" ", decodedBytes, filterAsArray);
    }

    /**
     * One page whose content stream is {@code pattern} repeated until it inflates to {@code decodedBytes}.
     *
     * @param pattern       what the content repeats, e.g. {@code "1 "} (operands without an operator)
     * @param decodedBytes  the stream's inflated size
     * @param filterAsArray see {@link #zipBomb}
     * @return the PDF
     */
    public static byte[] inflatingPage(String pattern, long decodedBytes, boolean filterAsArray) {
        return onePage(filterAsArray ? "/Filter [/FlateDecode]" : "/Filter /FlateDecode",
                RawPdf.deflate("", pattern, decodedBytes));
    }

    /**
     * One page whose (compressed) content stream shows the same short line {@code lines} times, each on
     * a line of its own: a little file, a huge amount of text on one page.
     *
     * @param lines how many lines of text
     * @return the PDF
     */
    public static byte[] textBomb(long lines) {
        String line = "(All work and no play makes a hostile PDF) '\n";
        return onePage("/Filter /FlateDecode",
                RawPdf.deflate("BT /F1 10 Tf 12 TL 20 800 Td\n", line, 29 + lines * line.length()));
    }

    /**
     * One page whose content stream runs {@code operators} graphics operators that draw nothing: slow to
     * process, no text at all.
     *
     * @param operators how many operators
     * @return the PDF
     */
    public static byte[] busyPage(long operators) {
        String op = "1 0 0 1 0 0 cm\n";
        return onePage("/Filter /FlateDecode", RawPdf.deflate("", op, operators * op.length()));
    }

    /**
     * A page tree whose root claims {@code claimedPages} pages while holding one.
     *
     * @param claimedPages the {@code /Count} of the root
     * @return the PDF
     */
    public static byte[] hugePageCount(long claimedPages) {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count " + claimedPages + " >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        pdf.addStream("", text("only one page"));
        pdf.add(FONT);
        return pdf.bytes();
    }

    /**
     * A page tree that contains itself: the root's only kid is the root.
     *
     * @return the PDF
     */
    public static byte[] cyclicPageTree() {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        pdf.addStream("", text("a page in a loop"));
        pdf.add(FONT);
        return pdf.bytes();
    }

    /**
     * One page and an outline {@code depth} levels deep: every item's only child is the next item, and
     * the deepest points to the page.
     *
     * @param depth levels of nesting
     * @return the PDF
     */
    public static byte[] deepOutline(int depth) {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        pdf.addStream("", text("a page under a deep outline"));
        pdf.add(FONT);
        int first = 7;
        pdf.add("<< /Type /Outlines /First " + first + " 0 R /Last " + first + " 0 R /Count " + depth + " >>");
        for (int level = 0; level < depth; level++) {
            int self = first + level;
            int parent = level == 0 ? 6 : self - 1;
            String children = level + 1 < depth ? " /First " + (self + 1) + " 0 R /Last " + (self + 1) + " 0 R /Count 1" : " /Dest [3 0 R /Fit]";
            pdf.add("<< /Title (Level " + level + ") /Parent " + parent + " 0 R" + children + " >>");
        }
        return pdf.bytes();
    }

    /**
     * One page whose resources hold an array nested {@code depth} levels deep: {@code [[[[…]]]]}.
     *
     * @param depth levels of nesting
     * @return the PDF
     */
    public static byte[] deeplyNestedArray(int depth) {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /Deep "
                + "[".repeat(depth) + "]".repeat(depth) + " >> >>");
        pdf.addStream("", text("a page with deep resources"));
        pdf.add(FONT);
        return pdf.bytes();
    }

    /**
     * One page that draws a form XObject which draws itself.
     *
     * @return the PDF
     */
    public static byte[] recursiveForm() {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /X1 6 0 R >> /Font << /F1 5 0 R >> >> >>");
        pdf.addStream("", ascii("BT /F1 12 Tf 50 800 Td (before the form) Tj ET /X1 Do"));
        pdf.add(FONT);
        pdf.addStream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> /Font << /F1 5 0 R >> >>",
                ascii("BT /F1 12 Tf 50 700 Td (inside the form) Tj ET /X1 Do"));
        return pdf.bytes();
    }

    /**
     * A page tree {@code depth} levels deep, every level a {@code /Pages} node with one kid, the last
     * kid a page.
     *
     * @param depth levels of {@code /Pages} nodes
     * @return the PDF
     */
    public static byte[] deepPageTree(int depth) {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        int page = 2 + depth;
        for (int level = 0; level < depth; level++) {
            int self = 2 + level;
            String parent = level == 0 ? "" : " /Parent " + (self - 1) + " 0 R";
            pdf.add("<< /Type /Pages /Kids [" + (self + 1) + " 0 R] /Count 1" + parent + " >>");
        }
        pdf.add("<< /Type /Page /Parent " + (page - 1) + " 0 R /MediaBox [0 0 595 842] /Contents " + (page + 1)
                + " 0 R /Resources << /Font << /F1 " + (page + 2) + " 0 R >> >> >>");
        pdf.addStream("", text("a page at the bottom of a deep tree"));
        pdf.add(FONT);
        return pdf.bytes();
    }

    /**
     * A page tree whose root lists the same page {@code kids} times.
     *
     * @param kids how many times
     * @return the PDF
     */
    public static byte[] repeatedKids(int kids) {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [" + "3 0 R ".repeat(kids) + "] /Count " + kids + " >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        pdf.addStream("", text("the same page again"));
        pdf.add(FONT);
        return pdf.bytes();
    }

    /**
     * One page and a bookmark whose named destination is looked up in a name tree that contains itself.
     *
     * @return the PDF
     */
    public static byte[] cyclicNameTree() {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R /Names << /Dests 8 0 R >> >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        pdf.addStream("", text("a page with a looping name tree"));
        pdf.add(FONT);
        pdf.add("<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>");
        pdf.add("<< /Title (Chapter) /Parent 6 0 R /Dest (chapter-1) >>");
        pdf.add("<< /Kids [8 0 R] >>");
        return pdf.bytes();
    }

    /**
     * One page, opened through a cross-reference stream that inflates to {@code decodedBytes}.
     *
     * @param decodedBytes how much the cross-reference stream inflates to
     * @return the PDF
     */
    public static byte[] xrefStreamBomb(long decodedBytes) {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        pdf.addStream("", text("a page behind a cross-reference bomb"));
        pdf.add(FONT);
        return pdf.bytesWithXrefStream(decodedBytes);
    }

    /**
     * One page and a document title of {@code chars} characters.
     *
     * @param chars the title's length
     * @return the PDF
     */
    public static byte[] hugeTitle(int chars) {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        pdf.addStream("", text("a page with a long title"));
        pdf.add(FONT);
        pdf.info(pdf.add("<< /Title (" + "Very long title ".repeat(chars / 16 + 1).substring(0, chars) + ") >>"));
        return pdf.bytes();
    }

    private static byte[] onePage(String filter, byte[] content) {
        RawPdf pdf = new RawPdf();
        pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
        pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        pdf.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        pdf.addStream(filter, content);
        pdf.add(FONT);
        return pdf.bytes();
    }

    private static byte[] text(String line) {
        return ascii("BT /F1 12 Tf 50 800 Td (" + line + ") Tj ET");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
