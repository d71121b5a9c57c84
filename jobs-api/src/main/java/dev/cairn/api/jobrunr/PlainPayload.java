package dev.cairn.api.jobrunr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores a {@link PipelineJobRequest}'s payload as the plain JSON the producer sent. JobRunr's JSON mapper types every
 * non-concrete value, so a payload was stored (and shown in JobRunr's dashboard) as
 * {@code {"@class": "java.util.LinkedHashMap", …}} with lists as {@code ["java.util.ArrayList", […]]}. Payloads stored
 * that way before are still read, without their type marks.
 */
final class PlainPayload {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String TYPE_PROPERTY = "@class";

    private PlainPayload() {
    }

    /** Writes the payload as plain JSON, also when JobRunr's mapper asks for type information. */
    static final class Writer extends JsonSerializer<Map<String, Object>> {
        @Override
        public void serialize(Map<String, Object> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeTree(PLAIN.valueToTree(value));
        }

        @Override
        public void serializeWithType(Map<String, Object> value, JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
                throws IOException {
            serialize(value, gen, serializers);
        }
    }

    /** Reads a payload, plain or with the type marks of the earlier format. */
    static final class Reader extends JsonDeserializer<Map<String, Object>> {
        @Override
        @SuppressWarnings("unchecked")
        public Map<String, Object> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = p.readValueAsTree();
            return tree == null || tree.isNull() ? new LinkedHashMap<>() : PLAIN.convertValue(untyped(tree), LinkedHashMap.class);
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer) throws IOException {
            return deserialize(p, ctxt);
        }
    }

    /** @return the tree without JobRunr's type marks: {@code "@class"} members, {@code ["java.util.X", [...]]} wrappers */
    static JsonNode untyped(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals(TYPE_PROPERTY)) copy.set(field.getKey(), untyped(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            if (node.size() == 2 && node.get(0).isTextual() && node.get(0).asText().startsWith("java.util.") && node.get(1).isArray()) {
                return untyped(node.get(1));
            }
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(untyped(element)));
            return copy;
        }
        return node;
    }
}
