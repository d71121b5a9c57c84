package dev.cairn.pdf.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The fallback: chapters of a fixed number of pages, titled by their range ("Pages 1–20"). Always
 * applies, so a document without structure still gets chapters of a readable size.
 */
public final class FixedRangeChapters implements ChapterDetector {

    private final int pagesPerChapter;

    /** @param pagesPerChapter pages in each chapter but the last, at least 1 */
    public FixedRangeChapters(int pagesPerChapter) {
        if (pagesPerChapter < 1) throw new IllegalArgumentException("pagesPerChapter must be at least 1");
        this.pagesPerChapter = pagesPerChapter;
    }

    @Override
    public String name() {
        return "fixed-ranges";
    }

    @Override
    public List<ChapterRange> detect(DocumentInfo info, PageStats stats) {
        List<ChapterRange> chapters = new ArrayList<>();
        for (int first = 1; first <= info.pages(); first += pagesPerChapter) {
            int last = Math.min(info.pages(), first + pagesPerChapter - 1);
            String title = first == last ? "Page " + first : "Pages " + first + "–" + last;
            chapters.add(new ChapterRange(title, first, last));
        }
        return chapters;
    }
}
