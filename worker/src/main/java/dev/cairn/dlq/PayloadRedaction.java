package dev.cairn.dlq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks the values of payload fields whose names say they hold a secret ({@code api_key}, {@code token},
 * {@code password}, …), at any depth, before a payload is copied into the dead-letter queue where more
 * people can read it.
 */
public final class PayloadRedaction {

    /** What a secret's value becomes. */
    public static final String MASK = "[redacted]";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(api[_-]?key|apikey|token|secret|passw(or)?d|passphrase|credential|authorization|auth[_-]?header|private[_-]?key|cookie|session).*");

    private PayloadRedaction() {
    }

    /**
     * @param payload a job's payload
     * @return a copy with secret values masked
     */
    public static Map<String, Object> redact(Map<String, Object> payload) {
        Map<String, Object> out = new LinkedHashMap<>();
        payload.forEach((key, value) -> out.put(key, SECRET_NAME.matcher(key).matches() && value != null ? MASK : redactValue(value)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return redact(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) copy.add(redactValue(item));
            return copy;
        }
        return value;
    }
}
