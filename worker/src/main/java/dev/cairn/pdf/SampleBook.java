package dev.cairn.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitWidthDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated book to try the {@code pdf-processing} pipeline on ({@code cairn sample-pdf}): chapters with bookmarks
 * and headings, pages of prose-like text. The 320-page sample finishes in a fraction of a second; a few thousand
 * pages give a person time to watch {@code extract-text}'s cursor advance and to kill the worker mid-document.
 * Deterministic: the same arguments give the same bytes.
 */
public final class SampleBook {

    /** The most pages a sample may have. */
    public static final int MAX_PAGES = 100_000;

    private static final PDType1Font BODY = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
    private static final PDType1Font HEADING = new PDType1Font(Standard14Fonts.FontName.TIMES_BOLD);
    private static final String[] WORDS = ("the shore keeps a record of every tide in its sand and stones while dunes move "
            + "inland with the wind and grasses hold them where roots reach water birds follow the line of the wrack "
            + "looking for what the sea left behind and each storm rewrites the map that the calm days drew").split(" ");
    private static final int LINES_PER_PAGE = 36;

    private SampleBook() {
    }

    /**
     * Writes the book.
     *
     * @param file     where; its directory must exist
     * @param pages    pages in all, 1 to {@value #MAX_PAGES}
     * @param chapters chapters, 1 to {@code pages}; pages are shared out evenly
     * @return {@code file}
     * @throws IOException when the file cannot be written
     */
    public static Path write(Path file, int pages, int chapters) throws IOException {
        if (pages < 1 || pages > MAX_PAGES) throw new IllegalArgumentException("pages must be between 1 and " + MAX_PAGES + ", got " + pages);
        if (chapters < 1 || chapters > pages) throw new IllegalArgumentException("chapters must be between 1 and the pages (" + pages + "), got " + chapters);
        try (PDDocument document = new PDDocument()) {
            document.setDocumentId(1L); // why: a fixed trailer /ID, so the same arguments give the same bytes
            document.getDocumentInformation().setTitle("A Sample Book of " + pages + " Pages");
            document.getDocumentInformation().setAuthor("cairn sample-pdf");
            PDDocumentOutline outline = new PDDocumentOutline();
            int page = 0;
            for (int chapter = 1; chapter <= chapters; chapter++) {
                int length = pages / chapters + (chapter <= pages % chapters ? 1 : 0);
                for (int i = 0; i < length; i++) {
                    page++;
                    String heading = i == 0 ? "Chapter " + chapter + ": " + title(chapter) : null;
                    PDPage pdPage = addPage(document, heading, page);
                    if (heading != null) outline.addLast(bookmark(heading, pdPage));
                }
            }
            document.getDocumentCatalog().setDocumentOutline(outline);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            document.save(file.toFile());
        }
        return file;
    }

    private static String title(int chapter) {
        String[] topics = {"Tides", "Dunes", "Grasses", "Birds", "Storms", "Stones", "Wrack", "Maps"};
        return topics[(chapter - 1) % topics.length] + (chapter > topics.length ? " " + ((chapter - 1) / topics.length + 1) : "");
    }

    private static PDOutlineItem bookmark(String title, PDPage page) {
        PDOutlineItem item = new PDOutlineItem();
        item.setTitle(title);
        PDPageFitWidthDestination destination = new PDPageFitWidthDestination();
        destination.setPage(page);
        item.setDestination(destination);
        return item;
    }

    private static PDPage addPage(PDDocument document, String heading, int number) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.newLineAtOffset(56, 780);
            if (heading != null) {
                content.setFont(HEADING, 18);
                content.showText(heading);
                content.newLineAtOffset(0, -32);
            }
            content.setFont(BODY, 11);
            for (int line = 0; line < LINES_PER_PAGE - (heading == null ? 0 : 3); line++) {
                content.showText(sentence(number, line));
                content.newLineAtOffset(0, -19);
            }
            content.endText();
        }
        return page;
    }

    /** A line of words picked by page and line number: varied text, no randomness. */
    private static String sentence(int page, int line) {
        StringBuilder text = new StringBuilder();
        int seed = page * 131 + line * 17;
        for (int word = 0; text.length() < 80; word++) {
            if (!text.isEmpty()) text.append(' ');
            text.append(WORDS[Math.floorMod(seed + word * 7 + word * word, WORDS.length)]);
        }
        return text.toString();
    }
}
