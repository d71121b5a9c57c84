package dev.cairn.pdf.internal;

import dev.cairn.pdf.internal.DocumentInfo.OutlineEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chapters from the PDF's bookmarks: each chapter-level bookmark starts a chapter at the page it points
 * to. The author's own outline is the most reliable structure there is, so this strategy goes first.
 *
 * <p>Bookmarks are sorted by page (outlines are not always in reading order); when several point to the
 * same page the first in outline order wins, since the others would be empty chapters. At least two
 * distinct chapter starts are needed: a lone bookmark (often just "Cover") says nothing about chapters.
 */
public final class OutlineChapters implements ChapterDetector {

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
        for (OutlineEntry entry : sorted) {
            if (!starts.isEmpty() && starts.getLast().page() == entry.page()) continue;
            String title = entry.title().isBlank() ? "Chapter " + (starts.size() + 1) : entry.title();
            starts.add(new Start(title, entry.page()));
        }
        return starts.size() < 2 ? List.of() : ChapterDetector.fromStarts(starts, info.pages());
    }
}
