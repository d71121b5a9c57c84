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

    // ---------------------------------------------------------------- typeset documents

    /** The page number printed on PDF page {@code p} of {@link #lectureNotes}: {@code p + 80}. */
    public static final int LECTURE_PRINTED_OFFSET = 80;
    /** The constant footer line of every {@link #lectureNotes} page. */
    public static final String LECTURE_FOOTER = "Skript Differentialgeometrie";

    /**
     * An 8-page excerpt of lecture notes typeset like a book, for the chapter Markdown:
     * <ul>
     *   <li>bookmarks "Vorwort" and "Danksagung" both on page 1, "4 Flächen" on page 3, "5 Krümmung" on page 6;</li>
     *   <li>chapter pages open with their heading in 18 pt ("Vorwort", "4 Flächen", and "Kapitel 5" over
     *       "Krümmung" on two lines), page 1 also has the heading "Danksagung" further down;</li>
     *   <li>every other page has a running header with the printed page number ({@code page + 80}): even
     *       pages {@code "82 Kapitel 4. Flächen"}, odd ones {@code "4.1. FLÄCHEN 83"};</li>
     *   <li>every page ends with the footer {@link #LECTURE_FOOTER}, and chapter pages with the bare
     *       printed page number below it;</li>
     *   <li>body text in 10 pt with a leading of 15 pt, paragraphs ({@link #lectureParagraphs}) separated
     *       by a 9 pt gap; page 3's last paragraph ends with "Mes-" and page 4 goes on with "sung der …".</li>
     * </ul>
     *
     * @param file where to write it
     * @return {@code file}
     */
    public static Path lectureNotes(Path file) {
        PDDocument document = new PDDocument();
        document.setDocumentId(1L);
        PDDocumentOutline outline = new PDDocumentOutline();
        String[] running = {null, "Vorwort", null, "Kapitel 4. Flächen", "Kapitel 4. Flächen", null,
                "Kapitel 5. Krümmung", "Kapitel 5. Krümmung"};
        for (int p = 1; p <= 8; p++) {
            int printed = p + LECTURE_PRINTED_OFFSET;
            Sheet sheet = new Sheet();
            if (running[p - 1] != null) {
                String header = p % 2 == 0 ? printed + " " + running[p - 1]
                        : running[p - 1].replaceFirst("^Kapitel (\\d)\\. ", "$1.1. ").toUpperCase(java.util.Locale.ROOT) + " " + printed;
                sheet.at(56, 800, header, 9, false);
            }
            List<String> heading = switch (p) {
                case 1 -> List.of("Vorwort");
                case 3 -> List.of("4 Flächen");
                case 6 -> List.of("Kapitel 5", "Krümmung");
                default -> List.of();
            };
            for (String line : heading) sheet.line(line, 18, true, 26);
            if (!heading.isEmpty()) sheet.gap(10);
            List<List<String>> paragraphs = lectureParagraphs(p);
            for (int i = 0; i < paragraphs.size(); i++) {
                if (i > 0) sheet.gap(9);
                if (p == 1 && i == 1) {
                    sheet.gap(6);
                    sheet.line("Danksagung", 18, true, 26);
                    sheet.gap(10);
                }
                for (String line : paragraphs.get(i)) sheet.line(line, 10, false, 15);
            }
            sheet.at(56, 60, LECTURE_FOOTER, 9, false);
            if (running[p - 1] == null) sheet.at(290, 36, String.valueOf(printed), 9, false);
            PDPage page = sheet.draw(document);
            if (p == 1 || p == 3 || p == 6) {
                List<String> titles = switch (p) {
                    case 1 -> List.of("Vorwort", "Danksagung");
                    case 3 -> List.of("4 Flächen");
                    default -> List.of("5 Krümmung");
                };
                for (String title : titles) outline.addLast(bookmark(title, page));
            }
        }
        document.getDocumentCatalog().setDocumentOutline(outline);
        return save(file, document);
    }

    /**
     * @param page 1-based page of {@link #lectureNotes}
     * @return the body paragraphs drawn on it, each a list of lines as drawn (hyphens included)
     */
    public static List<List<String>> lectureParagraphs(int page) {
        List<List<String>> paragraphs = new ArrayList<>();
        if (page == 4) {
            // goes on from page 3's last paragraph, which ends with "Mes-"
            paragraphs.add(List.of("sung der Krümmung folgt im nächsten Abschnitt,", "der die Formeln herleitet."));
        }
        paragraphs.add(List.of("Seite " + page + ", Absatz 1: Die Kurve wird nach der Bogen-",
                "länge parametrisiert, und ihre Ableitung hat",
                "überall die Länge eins."));
        paragraphs.add(List.of("Seite " + page + ", Absatz 2: Ein Self-",
                "Contained Beweis folgt; der Krümmungsradius",
                page == 3 ? "ist der Kehrwert der Krümmung, die wir zur Mes-" : "ist der Kehrwert der Krümmung."));
        return paragraphs;
    }

    /**
     * One page with a left-to-right line, then the Hebrew words {@code words} on one right-to-left line
     * drawn the way typesetters draw them: each word's glyphs in visual order (right to left), the words
     * placed separately from the right margin leftwards, without space glyphs.
     *
     * @param file     where to write it
     * @param fontFile a TrueType font with Hebrew glyphs (e.g. DejaVuSans.ttf)
     * @param words    the Hebrew words in logical (reading) order
     * @return {@code file}
     */
    public static Path rightToLeft(Path file, Path fontFile, List<String> words) {
        PDDocument document = new PDDocument();
        document.setDocumentId(1L);
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            org.apache.pdfbox.pdmodel.font.PDFont hebrew = org.apache.pdfbox.pdmodel.font.PDType0Font.load(document, fontFile.toFile());
            showAt(content, BODY_FONT, 12, 56, 780, "A line in Hebrew follows.");
            float right = 540;
            for (String word : words) {
                String visual = new StringBuilder(word).reverse().toString();
                float width = hebrew.getStringWidth(visual) / 1000 * 12;
                showAt(content, hebrew, 12, right - width, 760, visual);
                right -= width + 4;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return save(file, document);
    }

    private static PDOutlineItem bookmark(String title, PDPage page) {
        PDOutlineItem item = new PDOutlineItem();
        item.setTitle(title);
        PDPageFitWidthDestination destination = new PDPageFitWidthDestination();
        destination.setPage(page);
        item.setDestination(destination);
        return item;
    }

    private static void showAt(PDPageContentStream content, org.apache.pdfbox.pdmodel.font.PDFont font, float size,
                               float x, float y, String text) throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        content.showText(text);
        content.endText();
    }

    /** Lines placed on a page top down from y = 760, each with its own baseline, drawn in order. */
    private static final class Sheet {
        private record Placed(String text, float x, float y, float size, boolean bold) {
        }

        private final List<Placed> placed = new ArrayList<>();
        private float y = 760;

        void at(float x, float baseline, String text, float size, boolean bold) {
            placed.add(new Placed(text, x, baseline, size, bold));
        }

        void line(String text, float size, boolean bold, float leading) {
            placed.add(new Placed(text, 56, y, size, bold));
            y -= leading;
        }

        void gap(float points) {
            y -= points;
        }

        PDPage draw(PDDocument document) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                for (Placed p : placed) showAt(content, p.bold() ? HEADING_FONT : BODY_FONT, p.size(), p.x(), p.y(), p.text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return page;
        }
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
