package dev.cairn.api.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A job's payload with typed, validating accessors. Every accessor names the field in the
 * {@link InvalidPayloadException} it throws, so a bad payload produces an error a user can act on.
 */
public final class JobPayload {

    private final Map<String, Object> values;

    private JobPayload(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * @param values the payload as decoded from JSON ({@code null} means empty)
     * @return the payload
     */
    public static JobPayload of(Map<String, ?> values) {
        return new JobPayload(values == null ? Map.of() : new LinkedHashMap<>(values));
    }

    /** @return the raw values, unmodifiable */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * @param field the field name
     * @return the non-blank string value
     * @throws InvalidPayloadException when the field is missing, not a string, or blank
     */
    public String requireString(String field) {
        return optionalString(field).orElseThrow(() ->
                new InvalidPayloadException("payload field '" + field + "' is required (a non-empty string)"));
    }

    /**
     * @param field the field name
     * @return the string value, empty when absent or null
     * @throws InvalidPayloadException when present but not a non-blank string
     */
    public Optional<String> optionalString(String field) {
        Object v = values.get(field);
        if (v == null) return Optional.empty();
        if (!(v instanceof String s)) {
            throw new InvalidPayloadException("payload field '" + field + "' must be a string, got " + describe(v));
        }
        if (s.isBlank()) throw new InvalidPayloadException("payload field '" + field + "' must not be empty");
        return Optional.of(s);
    }

    /**
     * @param field        the field name
     * @param defaultValue returned when the field is absent or null
     * @return the boolean value
     * @throws InvalidPayloadException when present but not a boolean
     */
    public boolean bool(String field, boolean defaultValue) {
        Object v = values.get(field);
        if (v == null) return defaultValue;
        if (v instanceof Boolean b) return b;
        throw new InvalidPayloadException("payload field '" + field + "' must be true or false, got " + describe(v));
    }

    /**
     * @param field        the field name
     * @param defaultValue returned when the field is absent or null
     * @param min          smallest accepted value
     * @param max          largest accepted value
     * @return the integer value
     * @throws InvalidPayloadException when present but not a whole number within [min, max]
     */
    public int integer(String field, int defaultValue, int min, int max) {
        Object v = values.get(field);
        if (v == null) return defaultValue;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new InvalidPayloadException("payload field '" + field + "' must be a whole number, got " + describe(v));
        }
        double d = n.doubleValue();
        if (d < min || d > max) {
            throw new InvalidPayloadException("payload field '" + field + "' must be between " + min + " and " + max + ", got " + n);
        }
        return (int) d;
    }

    private static String describe(Object v) {
        String text = String.valueOf(v);
        if (text.length() > 40) text = text.substring(0, 40) + "…";
        return v.getClass().getSimpleName().toLowerCase() + " '" + text + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobPayload other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "JobPayload" + values;
    }
}
