package dev.cairn.pdf.internal;

import dev.cairn.pdf.internal.DocumentInfo.OutlineEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chapters from the PDF's bookmarks: each chapter-level bookmark starts a chapter at the page it points
 * to. The author's own outline is the most reliable structure there is, so this strategy goes first.
 *
 * <p>Bookmarks are sorted by page (outlines are not always in reading order). Several bookmarks on the
 * same page start ONE chapter (a chapter cannot start mid-page: chapters are page ranges) whose title
 * names each of them once, in outline order, joined by {@value #TITLE_SEPARATOR}: "Foo", "Bar", "Bar"
 * on page 3 make the chapter "Foo / Bar". Titles are compared ignoring case and spacing. At least two
 * distinct chapter starts are needed: a lone bookmark (often just "Cover") says nothing about chapters.
 */
public final class OutlineChapters implements ChapterDetector {

    /** Joins the titles of bookmarks that start on the same page. */
    public static final String TITLE_SEPARATOR = " / ";

    /** Creates the detector; it has no settings. */
    public OutlineChapters() {
    }

    @Override
    public String name() {
        return "outline";
    }

    @Override
    public List<ChapterRange> detect(DocumentInfo info, PageStats stats) {
        List<OutlineEntry> sorted = info.outline().stream()
                .filter(entry -> entry.page() >= 1 && entry.page() <= info.pages())
                .sorted(Comparator.comparingInt(OutlineEntry::page)) // stable: ties keep outline order
                .toList();
        List<Start> starts = new ArrayList<>();
        Map<String, String> samePage = new LinkedHashMap<>(); // comparison key -> title, of the page in hand
        for (int i = 0; i < sorted.size(); i++) {
            OutlineEntry entry = sorted.get(i);
            if (!entry.title().isBlank()) samePage.putIfAbsent(key(entry.title()), entry.title());
            boolean lastOnPage = i + 1 == sorted.size() || sorted.get(i + 1).page() != entry.page();
            if (!lastOnPage) continue;
            String title = samePage.isEmpty() ? "Chapter " + (starts.size() + 1)
                    : Text.cleanShort(String.join(TITLE_SEPARATOR, samePage.values()));
            starts.add(new Start(title, entry.page()));
            samePage.clear();
        }
        return starts.size() < 2 ? List.of() : ChapterDetector.fromStarts(starts, info.pages());
    }

    // "Bar" and " BAR " are the same bookmark twice; the first spelling is kept.
    private static String key(String title) {
        return Text.clean(title).toLowerCase(Locale.ROOT);
    }
}
