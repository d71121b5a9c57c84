package dev.cairn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Deterministic hostile request bodies for the HTTP fuzz test: valid submissions with a value swapped for
 * an odd-typed or extreme one, a field dropped or invented, nesting past any sane depth; and byte-level
 * damage (bit flips, truncation, invalid UTF-8, trailing garbage, non-JSON). The same seed always gives
 * the same body.
 */
final class JsonMutations {

    /** A request body and how it was made. */
    record Body(String description, byte[] bytes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ODD_VALUES = {"null", "true", "false", "0", "-0", "-1", "1.5", "1e999", "-1e999",
            "123456789012345678901234567890", "9223372036854775808", "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"",
            "\"../../../etc/passwd\"", "\"/etc/passwd\"", "\"report.pdf\\u0000.txt\"", "\"C:\\\\Windows\\\\win.ini\"",
            "\"pdf-processing\"", "\"chapter-generation\"", "[]", "{}", "[null]", "{\"\":\"\"}", "\"%s%n%x\"",
            "\"\\u202e\\u0000\\u001b[31m\"", "\"report.pdf\"", "\"job-1\"", "51", "2147483648", "-2147483649", "3.0"};
    private static final String[] NAMES = {"type", "payload", "idempotency_key", "file", "summarize", "topic",
            "sections", "source_job", "", "__proto__", "constructor", "\u0000", "TYPE", "payload "};
    private static final String[] RAW = {"", " ", "null", "[]", "{}", "1", "\"pdf-processing\"", "{\"type\":", "{,}",
            "{\"type\": 'pdf-processing'}", "{type: \"pdf-processing\"}", "{\"type\": NaN}", "{\"type\": Infinity}",
            "// comment\n{}", "\uFEFF{\"type\": \"pdf-processing\"}", "{\"type\": \"pdf-processing\"}}",
            "{\"type\": \"a\", \"type\": \"b\"}", "[{\"type\": \"pdf-processing\"}]", "{\"type\": \"pdf-processing\"}\u0000"};

    private JsonMutations() {
    }

    /**
     * @param seeds  valid submissions, as JSON text
     * @param random the case's random source
     * @return the case's body
     */
    static Body next(List<String> seeds, Random random) {
        int roll = random.nextInt(100);
        if (roll < 8) {
            String raw = RAW[random.nextInt(RAW.length)];
            return new Body("raw " + quote(raw), raw.getBytes(StandardCharsets.UTF_8));
        }
        if (roll < 12) return new Body("deep nesting", deep(random));
        if (roll < 14) return new Body("random bytes", randomBytes(random, random.nextInt(2048)));
        String seed = seeds.get(random.nextInt(seeds.size()));
        if (roll < 60) return treeMutation(seed, random);
        return byteMutation(seed.getBytes(StandardCharsets.UTF_8), random);
    }

    private static Body treeMutation(String seed, Random random) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(seed);
            List<ContainerNode<?>> containers = new ArrayList<>();
            collect(root, containers);
            ContainerNode<?> target = containers.get(random.nextInt(containers.size()));
            String what;
            switch (random.nextInt(4)) {
                case 0 -> what = "value -> " + replaceValue(target, random, odd(random));
                case 1 -> what = "removed " + removeField(target, random);
                case 2 -> {
                    String name = NAMES[random.nextInt(NAMES.length)];
                    if (target instanceof ObjectNode object) object.set(name, odd(random));
                    what = "added field " + quote(name);
                }
                default -> {
                    String huge = "x".repeat(1 + random.nextInt(200_000));
                    what = "value -> " + replaceValue(target, random, JSON.getNodeFactory().textNode(huge)) + " (" + huge.length() + " chars)";
                }
            }
            return new Body(what, JSON.writeValueAsBytes(root));
        } catch (Exception e) {
            throw new IllegalStateException("cannot mutate " + seed, e);
        }
    }

    private static Body byteMutation(byte[] in, Random random) {
        byte[] out = in.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                return new Body(flips + " bit flips", out);
            }
            case 1 -> {
                int at = random.nextInt(out.length);
                return new Body("truncated at " + at, Arrays.copyOf(out, at));
            }
            case 2 -> {
                // invalid UTF-8: a lone continuation byte, an overlong encoding, a surrogate, a cut sequence
                byte[][] bad = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}};
                byte[] chosen = bad[random.nextInt(bad.length)];
                int at = random.nextInt(out.length);
                return new Body("invalid UTF-8 at " + at, concat(Arrays.copyOf(out, at), concat(chosen, Arrays.copyOfRange(out, at, out.length))));
            }
            case 3 -> {
                return new Body("trailing garbage", concat(out, randomBytes(random, 1 + random.nextInt(32))));
            }
            default -> {
                int length = 1 + random.nextInt(1024 * 1024 + 4096); // sometimes past the 1 MiB limit
                return new Body("padded to " + length + " bytes with blanks", concat(out, " ".repeat(length).getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }

    // Arrays or objects nested 2 to 5,000 levels deep, inside a submission or as the whole body.
    private static byte[] deep(Random random) {
        int depth = 2 + random.nextInt(5_000);
        boolean arrays = random.nextBoolean();
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        String nested = open.repeat(depth) + "1" + close.repeat(depth);
        String body = random.nextBoolean() ? nested
                : "{\"type\": \"pdf-processing\", \"payload\": {\"file\": \"report.pdf\", \"extra\": " + nested + "}}";
        return body.getBytes(StandardCharsets.UTF_8);
    }

    // Written as is, so 1e999 reaches the server as 1e999 (a parsed double would be written as "Infinity").
    private static JsonNode odd(Random random) {
        return JSON.getNodeFactory().rawValueNode(new RawValue(ODD_VALUES[random.nextInt(ODD_VALUES.length)]));
    }

    private static void collect(JsonNode node, List<ContainerNode<?>> into) {
        if (node instanceof ContainerNode<?> container) into.add(container);
        for (JsonNode child : node) collect(child, into);
    }

    private static String replaceValue(ContainerNode<?> target, Random random, JsonNode value) {
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            object.set(name, value);
            return quote(name) + " = " + abbreviate(value.toString());
        }
        if (target instanceof ArrayNode array) {
            array.add(value);
            return "appended " + abbreviate(value.toString());
        }
        return "nothing (empty object)";
    }

    private static String removeField(ContainerNode<?> target, Random random) {
        if (!(target instanceof ObjectNode object) || object.isEmpty()) return "nothing";
        Iterator<String> names = object.fieldNames();
        int skip = random.nextInt(object.size());
        String name = names.next();
        for (int i = 0; i < skip; i++) name = names.next();
        object.remove(name);
        return quote(name);
    }

    private static String quote(String s) {
        return "'" + abbreviate(s).replace("\n", "\\n") + "'";
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
