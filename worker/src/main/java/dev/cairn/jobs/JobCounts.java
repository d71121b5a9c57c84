package dev.cairn.jobs;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * How many jobs there are ({@code GET /api/overview}).
 *
 * @param byState        every state's count, from JobRunr's job statistics
 * @param byType         for each of the active states (SCHEDULED, ENQUEUED, PROCESSING, FAILED), the most recent
 *                       jobs (at most {@code sampleLimit} a state) by type: state -> type -> count
 * @param sampleLimit    how many jobs a state's split by type looked at, at most
 */
public record JobCounts(@JsonProperty("by_state") Map<String, Long> byState,
                        @JsonProperty("by_type") Map<String, Map<String, Long>> byType,
                        @JsonProperty("by_type_sample_limit") int sampleLimit) {

    public JobCounts {
        byState = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byState));
        byType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byType));
    }
}
