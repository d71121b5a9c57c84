package dev.cairn.pdf.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The output a {@code summarize} step records when it has produced summaries: one entry per chapter,
 * in chapter order, {@code null} for a chapter without a summary. {@code write-result} adds each
 * non-null entry to its chapter in {@code document.json} as {@code "summary"}.
 *
 * @param summaries the summaries by chapter index (0-based)
 */
public record ChapterSummaries(List<String> summaries) {

    /** Normalises a missing list to an empty one (nulls inside are meaningful and kept). */
    public ChapterSummaries {
        summaries = summaries == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(summaries));
    }

    /**
     * @param index 0-based chapter index
     * @return the chapter's summary, {@code null} when there is none
     */
    public String forChapter(int index) {
        return index < summaries.size() ? summaries.get(index) : null;
    }
}
