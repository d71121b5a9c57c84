package dev.cairn.http.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionParserTest {

    private static final ObjectMapper JSON = ApiJson.create();

    /** The payload read off the tree is what Jackson's own conversion gives, down to each value's class. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"file\": \"a.pdf\"}",
            "{\"seq\": 7, \"big\": 9007199254740993, \"huge\": 123456789012345678901234567890, \"ratio\": 0.25, \"exp\": 1e300}",
            "{\"neg\": -2147483649, \"zero\": 0, \"t\": true, \"f\": false, \"n\": null, \"s\": \"\\u00e9\\n\"}",
            "{\"list\": [1, \"two\", 3.5, null, [true, {\"deep\": [[]]}]], \"empty\": {}, \"emptyList\": []}",
            "{\"z\": 1, \"a\": 2, \"m\": {\"y\": 1, \"b\": 2}}"
    })
    void shouldReadThePayloadAsJacksonWouldConvertIt(String payload) throws Exception {
        JsonNode body = JSON.readTree("{\"type\": \"pdf-processing\", \"payload\": " + payload + "}");

        Map<String, Object> read = new SubmissionParser().parse(body).payload();

        Map<String, Object> converted = JSON.convertValue(body.get("payload"), new TypeReference<Map<String, Object>>() {
        });
        assertThat(read).isEqualTo(converted);
        // why a copy: JobSubmission hands the top level out unmodifiable; what is inside is the parser's
        assertThat(shape(new LinkedHashMap<>(read))).isEqualTo(shape(converted));
        assertThat(JSON.writeValueAsString(read)).isEqualTo(JSON.writeValueAsString(converted));
    }

    /** Every value's class, in order, so Integer 1 and Long 1 (equal to no one) or a reordered map would show. */
    private static String shape(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder(map.getClass().getSimpleName()).append('{');
            map.forEach((k, v) -> out.append(k).append('=').append(shape(v)).append(','));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder(list.getClass().getSimpleName()).append('[');
            list.forEach(v -> out.append(shape(v)).append(','));
            return out.append(']').toString();
        }
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
