package dev.cairn.pdf.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chapters from headings in the text: a page whose first non-blank line looks like a chapter heading
 * starts a chapter. Recognised headings:
 * <ul>
 *   <li>{@code Chapter 3}, {@code CHAPTER III}, {@code Chapter 3: Title}, {@code Chapter Three - Title},
 *       {@code Part I}, {@code Chapter 3 Title} (Roman numerals in capitals only, so "Part did…" is not
 *       a heading; without a separator the rest must read as a short title, not a sentence);</li>
 *   <li>a short numbered title: {@code 3 Introduction} or {@code 3. Introduction}, a capital after the
 *       number, no full stop at the end (that would be a sentence), numbers increasing through the
 *       document (so page numbers and list items at the top of a page do not count).</li>
 * </ul>
 * A heading repeated on consecutive starts (a running header) starts one chapter, not many. At least
 * two headings are needed, so a single stray match does not split a book in two.
 */
public final class HeadingChapters implements ChapterDetector {

    private static final int MAX_HEADING_LENGTH = 100;
    private static final int MAX_TITLE_LENGTH = 60;

    private static final Pattern CHAPTER_OR_PART = Pattern.compile(
            "(?:[Cc]hapter|CHAPTER|[Pp]art|PART)\\s+"
                    + "(?:\\d{1,3}|[IVXLCDM]{1,8}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
                    + "(?:\\s*[:.\\-–—]\\s*\\S.*|(\\s+\\p{Lu}.*)|[:.])?");

    private static final Pattern NUMBERED = Pattern.compile("(\\d{1,2})\\.?\\s+(\\p{Lu}.*)");

    /** Creates the detector; it has no settings. */
    public HeadingChapters() {
    }

    @Override
    public String name() {
        return "headings";
    }

    @Override
    public List<ChapterRange> detect(DocumentInfo info, PageStats stats) {
        List<Start> starts = new ArrayList<>();
        int lastNumber = 0;
        for (int page = 1; page <= stats.pages(); page++) {
            String line = stats.firstLine(page);
            if (line.isEmpty() || line.length() > MAX_HEADING_LENGTH) continue;
            if (!starts.isEmpty() && starts.getLast().title().equals(line)) continue;
            Matcher chapter = CHAPTER_OR_PART.matcher(line);
            if (chapter.matches()) {
                // "Chapter 3 Rivers" without a separator must still read as a title, not a sentence
                // such as "Chapter 3 Showed that…" opening a page.
                if (chapter.group(1) == null || looksLikeTitle(line)) starts.add(new Start(line, page));
                continue;
            }
            Matcher numbered = NUMBERED.matcher(line);
            if (numbered.matches() && looksLikeTitle(line)) {
                int number = Integer.parseInt(numbered.group(1));
                if (number > lastNumber) {
                    lastNumber = number;
                    starts.add(new Start(line, page));
                }
            }
        }
        return starts.size() < 2 ? List.of() : ChapterDetector.fromStarts(starts, stats.pages());
    }

    private static boolean looksLikeTitle(String line) {
        return line.length() <= MAX_TITLE_LENGTH && !line.endsWith(".");
    }
}
