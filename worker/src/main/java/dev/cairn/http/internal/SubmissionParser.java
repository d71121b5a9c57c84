package dev.cairn.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.api.JobSubmission;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.cairn.http.internal.ClientInput.abbreviate;

/**
 * Reads one job submission, {@code {"type", "payload", "idempotency_key"?}}, from JSON, with messages that
 * name the field; the same rules for {@code POST /api/jobs} and each line of {@code POST /api/jobs/batch}.
 * The payload itself is the pipeline's business ({@link dev.cairn.jobs.JobService}).
 */
final class SubmissionParser {

    /**
     * Deepest nesting of objects and arrays in a payload. Real payloads are flat; JobRunr serialises a
     * job's payload recursively and fails on a few hundred levels (an array 500 deep could not be stored,
     * an object 800 deep overflowed the stack), which the API answered with a 503 or an empty 500.
     */
    static final int MAX_PAYLOAD_DEPTH = 32;

    private static final Set<String> FIELDS = Set.of("type", "payload", "idempotency_key");
    /**
     * @param body one submission's JSON
     * @return the submission, its envelope checked
     * @throws ApiException 400 naming the field that is wrong
     */
    JobSubmission parse(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object like "
                    + "{\"type\": \"pdf-processing\", \"payload\": {...}}, got " + kind(body));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown field '" + abbreviate(name) + "'; a job has: type, payload, idempotency_key");
            }
        }
        JsonNode type = body.get("type");
        if (type == null || type.isNull()) throw ApiException.badRequest("field 'type' is missing, e.g. \"pdf-processing\"");
        if (!type.isTextual()) throw ApiException.badRequest("field 'type' must be a string, got " + kind(type));
        if (type.asText().isBlank()) throw ApiException.badRequest("field 'type' must not be empty");

        JsonNode payload = body.get("payload");
        Map<String, Object> payloadMap = Map.of();
        if (payload != null && !payload.isNull()) {
            if (!payload.isObject()) {
                throw new ApiException(400, ErrorCodes.INVALID_PAYLOAD, "field 'payload' must be a JSON object, got " + kind(payload));
            }
            if (depth(payload) > MAX_PAYLOAD_DEPTH) {
                throw new ApiException(400, ErrorCodes.INVALID_PAYLOAD, "field 'payload' nests objects and arrays more than "
                        + MAX_PAYLOAD_DEPTH + " levels deep");
            }
            payloadMap = asMap(payload);
        }

        JsonNode key = body.get("idempotency_key");
        String idempotencyKey = null;
        if (key != null && !key.isNull()) {
            if (!key.isTextual()) throw ApiException.badRequest("field 'idempotency_key' must be a string, got " + kind(key));
            idempotencyKey = key.asText();
            if (idempotencyKey.isEmpty()) throw ApiException.badRequest("field 'idempotency_key' must not be empty");
            if (idempotencyKey.length() > JobSubmission.MAX_IDEMPOTENCY_KEY_LENGTH) {
                throw ApiException.badRequest("field 'idempotency_key' is " + idempotencyKey.length()
                        + " characters long; at most " + JobSubmission.MAX_IDEMPOTENCY_KEY_LENGTH + " are allowed");
            }
        }
        return new JobSubmission(type.asText(), payloadMap, idempotencyKey);
    }

    /**
     * The payload as the plain maps, lists and values {@code ObjectMapper.convertValue(node, Map)} would give
     * (insertion-ordered maps, Integer/Long/BigInteger and Double as parsed), read straight off the tree:
     * convertValue writes the tree out to tokens and reads them back, a third of a submission's parse time.
     * Called once the depth is checked, so the recursion is bounded by {@link #MAX_PAYLOAD_DEPTH}.
     */
    private static Map<String, Object> asMap(JsonNode object) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            map.put(field.getKey(), asValue(field.getValue()));
        }
        return map;
    }

    private static Object asValue(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> asMap(node);
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) list.add(asValue(element));
                yield list;
            }
            case STRING -> node.textValue();
            case NUMBER -> node.numberValue();
            case BOOLEAN -> node.booleanValue();
            case NULL -> null;
            default -> throw new IllegalStateException("a parsed payload holds no " + node.getNodeType() + " node");
        };
    }

    /** Levels of objects and arrays, the node itself counting as one; without recursion, whatever the depth. */
    private static int depth(JsonNode root) {
        int deepest = 0;
        Deque<JsonNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(root);
        depths.push(1);
        while (!nodes.isEmpty()) {
            JsonNode node = nodes.pop();
            int depth = depths.pop();
            deepest = Math.max(deepest, depth);
            for (JsonNode child : node) {
                if (child.isContainerNode()) {
                    nodes.push(child);
                    depths.push(depth + 1);
                }
            }
        }
        return deepest;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "something else";
        };
    }
}
