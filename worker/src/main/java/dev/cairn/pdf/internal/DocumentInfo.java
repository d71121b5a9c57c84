package dev.cairn.pdf.internal;

import java.util.List;

/**
 * What {@code inspect} learns about a PDF, stored as that step's JSON output for the later steps.
 *
 * @param pages     number of pages, at least 1
 * @param title     the document title from its metadata, {@code null} when absent or blank
 * @param author    the author from its metadata, {@code null} when absent or blank
 * @param encrypted whether the file is encrypted (it then opened with the empty user password)
 * @param outline   chapter-level bookmarks in outline order; empty when the PDF has no outline
 */
public record DocumentInfo(int pages, String title, String author, boolean encrypted, List<OutlineEntry> outline) {

    /** Normalises a missing outline to an empty list. */
    public DocumentInfo {
        outline = outline == null ? List.of() : List.copyOf(outline);
    }

    /**
     * One bookmark that points into the document.
     *
     * @param title the bookmark's text
     * @param page  the 1-based page it points to
     */
    public record OutlineEntry(String title, int page) {
    }
}
