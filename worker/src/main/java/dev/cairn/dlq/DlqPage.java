package dev.cairn.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One page of {@code GET /api/dlq}.
 *
 * @param entries    newest first
 * @param total      how many entries match the filters in all
 * @param nextCursor pass it as {@code cursor} for the next page; {@code null} on the last page
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DlqPage(@JsonProperty("entries") List<DlqEntry> entries,
                      @JsonProperty("total") long total,
                      @JsonProperty("next_cursor") String nextCursor) {

    /** Copies the entries. */
    public DlqPage {
        entries = List.copyOf(entries);
    }
}
