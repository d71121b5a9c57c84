package dev.cairn.pdf.internal;

/**
 * A chapter as a detector finds it: a title and an inclusive range of 1-based pages.
 *
 * @param title     the chapter's title
 * @param firstPage first page, 1-based
 * @param lastPage  last page, inclusive, not before {@code firstPage}
 */
public record ChapterRange(String title, int firstPage, int lastPage) {

    /** Rejects an empty or inverted range. */
    public ChapterRange {
        if (firstPage < 1 || lastPage < firstPage) {
            throw new IllegalArgumentException("bad page range " + firstPage + "–" + lastPage + " for '" + title + "'");
        }
    }
}
