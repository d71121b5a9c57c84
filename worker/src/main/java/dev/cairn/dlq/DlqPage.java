package dev.cairn.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One page of {@code GET /api/dlq}.
 *
 * @param entries    newest first
 * @param total      how many entries match the filters in all, when Redis keeps that count: no filter, or only
 *                   one of type, signature and since; null for other filters, whose count would mean reading
 *                   the whole queue (page on with the cursor until it is null)
 * @param nextCursor pass it as {@code cursor} for the next page; {@code null} when there is no more. A full
 *                   page of a filtered listing hands one out without reading on to find its next match, so
 *                   such a listing may end with an empty page
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DlqPage(@JsonProperty("entries") List<DlqEntry> entries,
                      @JsonProperty("total") Long total,
                      @JsonProperty("next_cursor") String nextCursor) {

    /** Copies the entries. */
    public DlqPage {
        entries = List.copyOf(entries);
    }
}
