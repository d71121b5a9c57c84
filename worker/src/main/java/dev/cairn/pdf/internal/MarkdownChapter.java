package dev.cairn.pdf.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes one chapter file as Markdown, page by page from the paragraph files:
 * <pre>
 * # 5 Krümmung
 *
 * &lt;!-- p. 97 --&gt;
 *
 * First paragraph, its lines joined by spaces, hyphenated words rejoined.
 *
 * Second paragraph, which goes on at the next page &lt;!-- p. 98 --&gt; without a break.
 *
 * Third paragraph.
 * </pre>
 * <ul>
 *   <li>the title once, as the {@code #} heading: the text's first lines are dropped when they repeat
 *       it ({@link TitleLines}); a chapter of several same-page bookmarks ("Vorwort / Danksagung") gets a
 *       {@code ##} heading where a later one's line stands on its first page;</li>
 *   <li>paragraphs separated by blank lines, lines joined by {@link LineJoin};</li>
 *   <li>running headers, footers and page numbers left out ({@link RunningLines});</li>
 *   <li>an HTML comment {@code <!-- p. N -->} (invisible when rendered) where PDF page N begins, N as in
 *       {@code document.json}'s {@code first_page}/{@code last_page}: on a line of its own, or inside a
 *       paragraph that goes on from one page to the next (the next page starts in lower case and the
 *       paragraph did not end a sentence);</li>
 *   <li>text that would read as Markdown markup escaped: a paragraph starting with {@code #} or
 *       {@code >}, and {@code <} before a letter, {@code /}, {@code !} or {@code ?} (an HTML tag).</li>
 * </ul>
 */
public final class MarkdownChapter {

    private static final Pattern TAG_START = Pattern.compile("<(?=[A-Za-z/!?])");

    private final Writer out;
    private String pending; // the last paragraph written so far, held back: the next page may go on with it

    private MarkdownChapter(Writer out) {
        this.out = out;
    }

    /**
     * @param page 1-based PDF page number
     * @return the marker written where the page begins
     */
    public static String pageMarker(int page) {
        return "<!-- p. " + page + " -->";
    }

    /**
     * @param out       where the chapter goes
     * @param title     the chapter's title
     * @param firstPage its first page, 1-based
     * @param lastPage  its last page, inclusive
     * @param files     the job's page files
     * @param running   the document's running lines
     * @throws IOException when a page cannot be read or the chapter written
     */
    public static void write(Writer out, String title, int firstPage, int lastPage, PageTextFiles files,
                             RunningLines running) throws IOException {
        MarkdownChapter chapter = new MarkdownChapter(out);
        out.write("# " + title + "\n");
        for (int page = firstPage; page <= lastPage; page++) {
            List<List<String>> paragraphs = running.strip(page, files.paragraphs(page));
            chapter.page(page, page == firstPage ? titled(title, paragraphs) : blocks(paragraphs));
        }
        chapter.flush();
    }

    private void page(int page, List<String> blocks) throws IOException {
        String marker = pageMarker(page);
        int start = 0;
        if (pending != null && !blocks.isEmpty() && !blocks.getFirst().startsWith("#")
                && LineJoin.continues(pending, blocks.getFirst())) {
            pending = LineJoin.joinAcrossPage(pending, blocks.getFirst(), marker);
            start = 1;
        } else {
            flush();
            out.write("\n" + marker + "\n");
        }
        for (int i = start; i < blocks.size(); i++) {
            flush();
            pending = blocks.get(i);
        }
    }

    private void flush() throws IOException {
        if (pending != null) out.write("\n" + pending + "\n");
        pending = null;
    }

    // The first page: without the lines that repeat the title, and with "## Bar" for the later titles
    // of a chapter named by several bookmarks of its first page ("Foo / Bar").
    private static List<String> titled(String title, List<List<String>> paragraphs) {
        List<String> parts = Arrays.asList(title.split(Pattern.quote(OutlineChapters.TITLE_SEPARATOR)));
        List<String> lines = new ArrayList<>();
        for (List<String> paragraph : paragraphs) {
            lines.addAll(paragraph);
            if (lines.size() >= TitleLines.MAX_LINES) break;
        }
        int drop = TitleLines.repeated(title, lines);
        if (drop == 0 && parts.size() > 1) drop = TitleLines.repeated(parts.getFirst(), lines);
        List<List<String>> rest = new ArrayList<>();
        int dropped = 0;
        for (List<String> paragraph : paragraphs) {
            int cut = Math.min(paragraph.size(), drop - dropped);
            dropped += cut;
            if (cut < paragraph.size()) rest.add(paragraph.subList(cut, paragraph.size()));
        }
        List<String> blocks = blocks(rest);
        for (int i = 0; i < rest.size() && parts.size() > 1; i++) {
            for (String part : parts.subList(1, parts.size())) {
                if (TitleLines.repeated(part, rest.get(i)) == rest.get(i).size()) blocks.set(i, "## " + part);
            }
        }
        return blocks;
    }

    private static List<String> blocks(List<List<String>> paragraphs) {
        List<String> blocks = new ArrayList<>(paragraphs.size());
        for (List<String> paragraph : paragraphs) {
            String text = escapeTags(paragraph.getFirst());
            for (int i = 1; i < paragraph.size(); i++) text = LineJoin.join(text, escapeTags(paragraph.get(i)));
            if (text.startsWith("#") || text.startsWith(">")) text = "\\" + text;
            blocks.add(text);
        }
        return blocks;
    }

    private static String escapeTags(String line) {
        return line.indexOf('<') < 0 ? line : TAG_START.matcher(line).replaceAll("\\\\<");
    }
}
