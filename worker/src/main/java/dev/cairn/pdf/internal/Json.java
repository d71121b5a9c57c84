package dev.cairn.pdf.internal;

import dev.cairn.pipeline.PrettyJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.CairnException;

/**
 * The JSON settings of the PDF pipeline's step outputs and result files, in one place.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            // Step outputs written by an older version of a step may carry fields this one dropped.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);


    private Json() {
    }

    /** @return the shared mapper; do not reconfigure it */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param value a record or tree
     * @return compact JSON, for step outputs
     */
    public static String compact(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * @param value a record or tree
     * @return indented JSON ending in a newline, for files people read
     */
    public static String pretty(Object value) {
        return PrettyJson.write(value);
    }

    /**
     * Reads an earlier step's output. A missing or unreadable output cannot be fixed by retrying (the
     * earlier step is never run again), so both are permanent errors.
     *
     * @param step  the step that wrote it, for the message
     * @param json  the output, may be {@code null}
     * @param type  what to read it as
     * @param <T>   the type
     * @return the value
     */
    public static <T> T readStepOutput(String step, String json, Class<T> type) {
        if (json == null) {
            throw CairnException.permanent("step '" + step + "' left no output to continue from");
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw CairnException.permanent("the output of step '" + step + "' is not readable: "
                    + e.getOriginalMessage(), e);
        }
    }
}
