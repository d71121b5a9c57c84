package dev.cairn.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitWidthDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/**
 * Generates PDFs for tests with PDFBox and the Standard 14 fonts (no font files), deterministically:
 * the same arguments always give the same text, and the unencrypted ones the same bytes.
 *
 * <p>Every body line names its page ({@code "This is page 17, line 3: …"}), so tests can check which
 * page a text came from; search for {@code "page 17,"} (with the comma) since "page 17" is also a
 * prefix of "page 170". Chapter {@code n} of the structured documents has the bookmark
 * {@link #chapterTitle(int)} and/or the first line {@link #chapterHeading(int)} on its first page.
 * Each method writes {@code file} (creating parent directories) and returns it.
 */
public final class TestPdfs {

    /** The user password of {@link #encrypted(Path)}. */
    public static final String USER_PASSWORD = "open-sesame";
    /** The owner password of {@link #encrypted(Path)} and {@link #ownerPasswordOnly(Path)}. */
    public static final String OWNER_PASSWORD = "owner-secret";
    /** Body lines on every page (plus a heading line on a chapter's first page). */
    public static final int BODY_LINES_PER_PAGE = 8;
    /** The metadata title of {@link #withOutline} and {@link #withHeadings} documents. */
    public static final String DOCUMENT_TITLE = "A Test Document";
    /** The metadata author of {@link #withOutline} and {@link #withHeadings} documents. */
    public static final String DOCUMENT_AUTHOR = "Cairn Tests";

    private static final String[] TOPICS = {
            "Rivers and Streams", "Mountain Weather", "Coastal Birds", "Forest Floors", "Desert Nights",
            "Glacial Valleys", "Salt Marshes", "Alpine Meadows", "Cave Systems", "Volcanic Islands",
            "Prairie Grasses", "Tidal Flats"};

    private static final String[] PHRASES = {
            "the survey team recorded water levels at dawn",
            "a narrow path follows the ridge toward the old cairn",
            "lichens grow slowly on the north side of exposed stones",
            "observers should note wind direction before each count",
            "the results were checked against last season's notes",
            "small stones mark the trail where the snow lies deep",
            "tracks in the mud suggest a fox passed during the night",
            "sample bags are labelled with the site and the hour"};

    private static final PDType1Font BODY_FONT = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final PDType1Font HEADING_FONT = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

    private TestPdfs() {
    }

    /**
     * @param chapter 1-based chapter number
     * @return the chapter's bookmark title, e.g. {@code "Rivers and Streams"}; unique per chapter
     */
    public static String chapterTitle(int chapter) {
        String topic = TOPICS[(chapter - 1) % TOPICS.length];
        return chapter <= TOPICS.length ? topic : topic + " " + ((chapter - 1) / TOPICS.length + 1);
    }

    /**
     * @param chapter 1-based chapter number
     * @return the heading line on the chapter's first page, e.g. {@code "Chapter 1: Rivers and Streams"}
     */
    public static String chapterHeading(int chapter) {
        return "Chapter " + chapter + ": " + chapterTitle(chapter);
    }

    /**
     * @param page 1-based page number
     * @return the body lines of that page, the same in every generated document
     */
    public static List<String> bodyLines(int page) {
        List<String> lines = new ArrayList<>(BODY_LINES_PER_PAGE);
        for (int line = 1; line <= BODY_LINES_PER_PAGE; line++) {
            lines.add("This is page " + page + ", line " + line + ": " + PHRASES[(page * 3 + line) % PHRASES.length] + ".");
        }
        return lines;
    }

    /**
     * A document with an outline: one bookmark per chapter ({@link #chapterTitle}) pointing to the
     * chapter's first page, which starts with {@link #chapterHeading}. Metadata title and author set.
     *
     * @param file            where to write it
     * @param chapters        number of chapters, at least 1
     * @param pagesPerChapter pages in each chapter, at least 1
     * @return {@code file}
     */
    public static Path withOutline(Path file, int chapters, int pagesPerChapter) {
        return save(file, structured(chapters, pagesPerChapter, true, TestPdfs::chapterTitle,
                TestPdfs::chapterHeading, TestPdfs::bodyLines));
    }

    /**
     * Like {@link #withOutline} without the outline: chapters are only visible as the
     * {@code "Chapter N: Title"} first line of their first page.
     *
     * @param file            where to write it
     * @param chapters        number of chapters, at least 1
     * @param pagesPerChapter pages in each chapter, at least 1
     * @return {@code file}
     */
    public static Path withHeadings(Path file, int chapters, int pagesPerChapter) {
        return save(file, structured(chapters, pagesPerChapter, false, TestPdfs::chapterTitle,
                TestPdfs::chapterHeading, TestPdfs::bodyLines));
    }

    /** Body lines on every page of {@link #book} (about a printed book page: 45 lines, ~4,000 characters). */
    public static final int BOOK_LINES_PER_PAGE = 45;

    /**
     * Like {@link #withOutline} but with pages as dense as a printed book's ({@link #BOOK_LINES_PER_PAGE}
     * lines of ~90 characters), for measuring extraction speed on realistic pages.
     *
     * @param file            where to write it
     * @param chapters        number of chapters, at least 1
     * @param pagesPerChapter pages in each chapter, at least 1
     * @return {@code file}
     */
    public static Path book(Path file, int chapters, int pagesPerChapter) {
        return save(file, structured(chapters, pagesPerChapter, true, TestPdfs::chapterTitle, TestPdfs::chapterHeading,
                TestPdfs::bookLines));
    }

    /**
     * @param page 1-based page number
     * @return the body lines of a {@link #book} page, each naming its page like {@link #bodyLines(int)}
     */
    public static List<String> bookLines(int page) {
        List<String> lines = new java.util.ArrayList<>(BOOK_LINES_PER_PAGE);
        for (int line = 1; line <= BOOK_LINES_PER_PAGE; line++) {
            int a = (page * 7 + line) % PHRASES.length;
            int b = (page + line * 3) % PHRASES.length;
            String text = "Page " + page + ", line " + line + ": " + PHRASES[a] + ", and " + PHRASES[b];
            // why: ~90 characters of 10 pt Helvetica fill an A4 line; longer would run off the page
            lines.add(text.length() <= 90 ? text : text.substring(0, text.lastIndexOf(' ', 90)));
        }
        return lines;
    }

    /**
     * Pages of body text only: no outline, no headings, no metadata.
     *
     * @param file  where to write it
     * @param pages number of pages, at least 1
     * @return {@code file}
     */
    public static Path plain(Path file, int pages) {
        return save(file, plainDocument(pages));
    }

    /**
     * @param pages pages of body text
     * @return the bytes of {@link #plain(Path, int)}'s PDF, for uploads
     */
    public static byte[] plainBytes(int pages) {
        try {
            Path file = java.nio.file.Files.createTempFile("cairn-plain", ".pdf");
            try {
                return java.nio.file.Files.readAllBytes(plain(file, pages));
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A 3-page document that needs {@link #USER_PASSWORD} to open.
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path encrypted(Path file) {
        return save(file, protect(plainDocument(3), USER_PASSWORD));
    }

    /**
     * A 3-page encrypted document with an owner password only: it opens with the empty user password.
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path ownerPasswordOnly(Path file) {
        return save(file, protect(plainDocument(3), ""));
    }

    /**
     * A valid 6-page PDF cut to about half its bytes (no {@code %%EOF} at the end).
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path truncated(Path file) {
        byte[] whole = bytes(structured(2, 3, true, TestPdfs::chapterTitle, TestPdfs::chapterHeading,
                TestPdfs::bodyLines));
        return write(file, Arrays.copyOf(whole, whole.length / 2));
    }

    /**
     * A file with a PDF header and an {@code %%EOF} marker but nothing a parser can use in between.
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path corrupt(Path file) {
        return write(file, ("%PDF-1.7\n%âãÏÓ\nthis is not an object at all\n<< /Broken \n"
                + "trailer\n<< /Size 3 /Root 9 0 R >>\nstartxref\n12345\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * A text file, named whatever {@code file} says.
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path notAPdf(Path file) {
        return write(file, "Dear reader,\nthis is a plain text file, not a PDF.\n".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A 0-byte file.
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path empty(Path file) {
        return write(file, new byte[0]);
    }

    /**
     * A well-formed PDF whose page tree is empty.
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path zeroPages(Path file) {
        PDDocument document = new PDDocument();
        document.setDocumentId(1L);
        return save(file, document);
    }

    /**
     * The demo document committed as {@code samples/sample.pdf}: a 24-page field guide in 4 chapters
     * with an outline, a title and an author.
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path fieldGuide(Path file) {
        String[] titles = {"Reading the Shoreline", "Birds of the Dunes", "Rock Pool Life", "Weather and Tides"};
        PDDocument document = structured(4, 6, true, n -> titles[n - 1],
                n -> "Chapter " + n + ": " + titles[n - 1], FieldGuideText::page);
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle("A Field Guide to the Northern Coast");
        info.setAuthor("Cairn Sample Press");
        info.setSubject("A sample document for the pdf-processing pipeline");
        return save(file, document);
    }

    /**
     * Writes the sample document.
     *
     * @param args the output path, default {@code samples/sample.pdf}
     */
    public static void main(String[] args) {
        Path out = fieldGuide(Path.of(args.length > 0 ? args[0] : "samples/sample.pdf"));
        System.out.println("wrote " + out.toAbsolutePath());
    }

    // ---------------------------------------------------------------- building

    private static PDDocument structured(int chapters, int pagesPerChapter, boolean outline,
                                         IntFunction<String> bookmark, IntFunction<String> heading,
                                         IntFunction<List<String>> body) {
        if (chapters < 1 || pagesPerChapter < 1) throw new IllegalArgumentException("need at least one page");
        PDDocument document = new PDDocument();
        document.setDocumentId(1L); // fixed trailer /ID: same arguments, same bytes
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(DOCUMENT_TITLE);
        info.setAuthor(DOCUMENT_AUTHOR);
        PDDocumentOutline documentOutline = outline ? new PDDocumentOutline() : null;
        int pageNumber = 0;
        for (int chapter = 1; chapter <= chapters; chapter++) {
            for (int i = 0; i < pagesPerChapter; i++) {
                pageNumber++;
                PDPage page = addPage(document, i == 0 ? heading.apply(chapter) : null, body.apply(pageNumber));
                if (i == 0 && documentOutline != null) {
                    PDOutlineItem item = new PDOutlineItem();
                    item.setTitle(bookmark.apply(chapter));
                    PDPageFitWidthDestination destination = new PDPageFitWidthDestination();
                    destination.setPage(page);
                    item.setDestination(destination);
                    documentOutline.addLast(item);
                }
            }
        }
        if (documentOutline != null) document.getDocumentCatalog().setDocumentOutline(documentOutline);
        return document;
    }

    private static PDDocument plainDocument(int pages) {
        if (pages < 1) throw new IllegalArgumentException("need at least one page");
        PDDocument document = new PDDocument();
        document.setDocumentId(1L);
        for (int page = 1; page <= pages; page++) addPage(document, null, bodyLines(page));
        return document;
    }

    private static PDPage addPage(PDDocument document, String heading, List<String> lines) {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.newLineAtOffset(56, 780);
            if (heading != null) {
                content.setFont(HEADING_FONT, 18);
                content.showText(heading);
                content.newLineAtOffset(0, -36);
            }
            content.setFont(BODY_FONT, 10);
            content.setLeading(15);
            for (String line : lines) {
                content.showText(line);
                content.newLine();
            }
            content.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return page;
    }

    private static PDDocument protect(PDDocument document, String userPassword) {
        try {
            StandardProtectionPolicy policy = new StandardProtectionPolicy(OWNER_PASSWORD, userPassword,
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(PDDocument document) {
        try (document) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path save(Path file, PDDocument document) {
        return write(file, bytes(document));
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field guide's prose: a few paragraphs per page, varied by page number. */
    private static final class FieldGuideText {

        private static final String[] SENTENCES = {
                "Walk the strandline at low water and note what the last tide carried in.",
                "Oystercatchers probe the wet sand with long orange bills.",
                "Sea campion holds the loose shingle together with deep roots.",
                "A falling barometer and a swell from the west often mean a storm within a day.",
                "Beadlet anemones close into red jelly drops when the pool drains.",
                "Marram grass traps blown sand, and each new layer builds the dune a little higher.",
                "Spring tides come twice a month, shortly after the new and the full moon.",
                "Shore crabs hide under weed; lift a stone gently and put it back as it was.",
                "Terns hover before they dive, their forked tails spread against the wind.",
                "Wrack zones show the height of each tide like rings in a tree.",
                "Limpets return to the same scar on the rock after every feeding trip.",
                "A sea fret can roll in within minutes on a warm day with a cold sea."};

        static List<String> page(int page) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                lines.add(SENTENCES[(page * 5 + i * 7) % SENTENCES.length]);
            }
            lines.add("");
            lines.add("Field guide, page " + page + ".");
            return lines;
        }
    }
}
