package dev.cairn.pdf.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The output of {@code split-chapters}: the chapters and the strategy that found them.
 *
 * @param strategy the detector used: {@code outline}, {@code headings} or {@code fixed-ranges}
 * @param chapters the chapters in page order, covering every page once
 */
public record ChapterList(String strategy, List<Chapter> chapters) {

    /** Normalises a missing list to an empty one. */
    public ChapterList {
        chapters = chapters == null ? List.of() : List.copyOf(chapters);
    }

    /**
     * One chapter, as it appears in {@code document.json}.
     *
     * @param title     the chapter's title
     * @param firstPage first page, 1-based
     * @param lastPage  last page, inclusive
     * @param words     whitespace-separated tokens in the chapter's page texts
     */
    public record Chapter(String title,
                          @JsonProperty("first_page") int firstPage,
                          @JsonProperty("last_page") int lastPage,
                          long words) {
    }
}
