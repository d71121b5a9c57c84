package dev.cairn.pdf.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * One way of dividing a document into chapters. {@code split-chapters} tries the detectors in order
 * and uses the first that finds chapters.
 */
public interface ChapterDetector {

    /** @return the strategy's name, recorded in the step output (e.g. {@code outline}) */
    String name();

    /**
     * @param info  what {@code inspect} found
     * @param stats the page texts' statistics
     * @return chapters covering pages {@code 1..info.pages()} in order without gaps, or an empty list
     * when this strategy does not apply to the document
     */
    List<ChapterRange> detect(DocumentInfo info, PageStats stats);

    /**
     * Where a chapter begins.
     *
     * @param title the chapter's title
     * @param page  its first page, 1-based
     */
    record Start(String title, int page) {
    }

    /**
     * Turns chapter starts into contiguous ranges: each chapter runs to the page before the next one
     * starts, the last to the end, and pages before the first start become "Front matter".
     *
     * @param starts chapter starts, sorted by page, pages distinct, not empty, none past {@code pages}
     * @param pages  the document's page count
     * @return the ranges
     */
    static List<ChapterRange> fromStarts(List<Start> starts, int pages) {
        List<ChapterRange> chapters = new ArrayList<>(starts.size() + 1);
        if (starts.getFirst().page() > 1) {
            chapters.add(new ChapterRange("Front matter", 1, starts.getFirst().page() - 1));
        }
        for (int i = 0; i < starts.size(); i++) {
            int first = starts.get(i).page();
            int last = i + 1 < starts.size() ? starts.get(i + 1).page() - 1 : pages;
            chapters.add(new ChapterRange(starts.get(i).title(), first, last));
        }
        return chapters;
    }
}
