package dev.cairn.checkpoint.internal;

import dev.cairn.api.CheckpointView;
import dev.cairn.api.StepView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a checkpoint hash ({@code cairn:ckpt:{jobId}}) and their reading as a
 * {@link CheckpointView}. The Lua scripts write the same field names; this is the Java half of that
 * format. A session keeps one as its mirror of what Redis holds.
 */
final class CheckpointHash {

    static final String TOKEN = "token";
    static final String STEPS = "steps";
    static final String CURRENT = "current";
    static final String PROGRESS = "progress";
    static final String RESUMED = "resumed";
    static final String UPDATED_AT = "updated_at";

    private final Map<String, String> fields;

    CheckpointHash(Map<String, String> fields) {
        this.fields = new HashMap<>(fields);
    }

    /** Reads a flat {@code HGETALL} reply: field, value, field, value… */
    static CheckpointHash fromFlatReply(Object reply) {
        Map<String, String> map = new HashMap<>();
        if (reply instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                map.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
            }
        }
        return new CheckpointHash(map);
    }

    static String stepField(String step, String field) {
        return "s." + step + "." + field;
    }

    String token() {
        return fields.getOrDefault(TOKEN, "");
    }

    String status(String step) {
        return fields.getOrDefault(stepField(step, "status"), StepView.PENDING);
    }

    boolean isDone(String step) {
        String status = status(step);
        return StepView.COMPLETED.equals(status) || StepView.SKIPPED.equals(status);
    }

    int runs(String step) {
        return Integer.parseInt(fields.getOrDefault(stepField(step, "runs"), "0"));
    }

    Optional<String> cursor(String step) {
        return Optional.ofNullable(fields.get(stepField(step, "cursor")));
    }

    Optional<String> output(String step) {
        return Optional.ofNullable(fields.get(stepField(step, "out")));
    }

    void applyStart(String step, int runs, long now) {
        fields.put(stepField(step, "runs"), Integer.toString(runs));
        fields.put(stepField(step, "status"), StepView.RUNNING);
        fields.put(CURRENT, step);
        fields.put(UPDATED_AT, Long.toString(now));
    }

    void applyCursor(String step, String cursor, String progress, long now) {
        fields.put(stepField(step, "cursor"), cursor);
        fields.put(PROGRESS, progress);
        fields.put(UPDATED_AT, Long.toString(now));
    }

    void applyFinish(String step, String status, String progress, String next, String output, long now) {
        fields.put(stepField(step, "status"), status);
        fields.put(stepField(step, "done_at"), Long.toString(now));
        fields.remove(stepField(step, "cursor"));
        fields.put(PROGRESS, progress);
        fields.put(CURRENT, next);
        fields.put(UPDATED_AT, Long.toString(now));
        if (output != null) fields.put(stepField(step, "out"), output);
    }

    CheckpointView view() {
        List<String> names = fields.containsKey(STEPS) && !fields.get(STEPS).isEmpty()
                ? Arrays.asList(fields.get(STEPS).split(",")) : List.of();
        List<StepView> steps = new ArrayList<>(names.size());
        for (String name : names) {
            String doneAt = fields.get(stepField(name, "done_at"));
            steps.add(new StepView(name, status(name), runs(name), cursor(name).orElse(null),
                    doneAt == null ? null : Instant.ofEpochMilli(Long.parseLong(doneAt))));
        }
        String current = fields.get(CURRENT);
        String updated = fields.get(UPDATED_AT);
        return new CheckpointView(
                current == null || current.isEmpty() ? null : current,
                Double.parseDouble(fields.getOrDefault(PROGRESS, "0")),
                Integer.parseInt(fields.getOrDefault(RESUMED, "0")),
                updated == null ? null : Instant.ofEpochMilli(Long.parseLong(updated)),
                steps);
    }
}
