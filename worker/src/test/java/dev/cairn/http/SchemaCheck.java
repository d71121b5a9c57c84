package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A structural check of a JSON value against a schema of a parsed OpenAPI 3.1 document: {@code $ref}s to
 * {@code components/schemas}, types (with {@code null}), required and declared properties, additional properties,
 * array items, {@code enum}, {@code const}, {@code oneOf}/{@code anyOf}/{@code allOf} and {@code date-time}
 * strings. Enough to tell whether a real answer has the documented shape; not a full JSON Schema validator.
 */
final class SchemaCheck {

    private final OpenAPI document;

    /** @param document the parsed document whose component schemas {@code $ref}s name */
    SchemaCheck(OpenAPI document) {
        this.document = Objects.requireNonNull(document, "document");
    }

    /**
     * @param value  a JSON value
     * @param schema the schema it should match
     * @return what does not match, each naming its JSON pointer; empty when the value matches
     */
    List<String> problems(JsonNode value, Schema<?> schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "", problems);
        return problems;
    }

    private void check(JsonNode value, Schema<?> schema, String at, List<String> problems) {
        Schema<?> s = resolve(schema);
        String where = at.isEmpty() ? "/" : at;
        if (s.getAllOf() != null) {
            for (Schema<?> part : s.getAllOf()) check(value, part, at, problems);
        }
        if (s.getOneOf() != null) alternatives(value, s.getOneOf(), at, problems, true);
        if (s.getAnyOf() != null) alternatives(value, s.getAnyOf(), at, problems, false);
        Set<String> types = types(s);
        if (!types.isEmpty() && types.stream().noneMatch(type -> hasType(value, type))) {
            problems.add(where + ": expected " + types + ", got " + value.getNodeType() + " " + abbreviate(value));
            return;
        }
        if (s.getConst() != null && !value.isNull() && !Objects.equals(value.asText(), String.valueOf(s.getConst()))) {
            problems.add(where + ": expected the constant " + s.getConst() + ", got " + abbreviate(value));
        }
        if (s.getEnum() != null && !value.isNull() && s.getEnum().stream().noneMatch(e -> String.valueOf(e).equals(value.asText()))) {
            problems.add(where + ": " + abbreviate(value) + " is not one of " + s.getEnum());
        }
        if ("date-time".equals(s.getFormat()) && value.isTextual()) {
            try {
                OffsetDateTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                problems.add(where + ": '" + value.asText() + "' is not a date-time");
            }
        }
        if (value.isObject()) object(value, s, at, problems);
        if (value.isArray() && s.getItems() != null) {
            for (int i = 0; i < value.size(); i++) check(value.get(i), s.getItems(), at + "/" + i, problems);
        }
    }

    private void object(JsonNode value, Schema<?> s, String at, List<String> problems) {
        if (s.getRequired() != null) {
            for (String name : s.getRequired()) {
                if (!value.has(name)) problems.add((at.isEmpty() ? "/" : at) + ": required property '" + name + "' is missing");
            }
        }
        Map<String, Schema> declared = s.getProperties() == null ? Map.of() : s.getProperties();
        Object additional = s.getAdditionalProperties();
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = at + "/" + field.getKey();
            Schema<?> property = declared.get(field.getKey());
            if (property != null) {
                check(field.getValue(), property, path, problems);
            } else if (additional instanceof Schema<?> other) {
                check(field.getValue(), other, path, problems);
            } else if (Boolean.FALSE.equals(additional)) {
                problems.add(path + ": the schema allows no property '" + field.getKey() + "'");
            }
        }
    }

    private void alternatives(JsonNode value, List<Schema> options, String at, List<String> problems, boolean exactlyOne) {
        int matching = 0;
        List<String> why = new ArrayList<>();
        for (Schema<?> option : options) {
            List<String> optionProblems = new ArrayList<>();
            check(value, option, at, optionProblems);
            if (optionProblems.isEmpty()) matching++;
            why.addAll(optionProblems);
        }
        if (matching == 0) problems.add((at.isEmpty() ? "/" : at) + ": matches none of the alternatives: " + why);
        if (exactlyOne && matching > 1) problems.add((at.isEmpty() ? "/" : at) + ": matches " + matching + " alternatives of a oneOf");
    }

    private Schema<?> resolve(Schema<?> schema) {
        Schema<?> s = schema;
        for (int hops = 0; s.get$ref() != null; hops++) {
            if (hops > 10) throw new IllegalStateException("a $ref cycle at " + schema.get$ref());
            String ref = s.get$ref();
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            s = document.getComponents().getSchemas().get(name);
            if (s == null) throw new IllegalStateException("the document has no schema " + ref);
        }
        return s;
    }

    private static Set<String> types(Schema<?> s) {
        if (s.getTypes() != null && !s.getTypes().isEmpty()) return s.getTypes();
        return s.getType() == null ? Set.of() : Set.of(s.getType());
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            default -> throw new IllegalArgumentException("unknown JSON Schema type " + type);
        };
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
