package dev.cairn.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.cairn.provider.FakeProviderServer.Behaviour;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic hostile replies of an OpenAI-compatible provider for the provider fuzz test: statuses,
 * content types and {@code Retry-After} values a server should not send, chat completions whose
 * {@code content} (an outline) or structure is mutated, truncated, invalid UTF-8, too large or nested
 * too deep, and connections that end early or trickle past the timeout.
 */
final class ReplyMutations {

    /** A reply and how it was made; {@code status} is what the server sends, {@code stalls} whether it trickles past any timeout. */
    record Reply(String description, int status, boolean stalls, Behaviour behaviour) {
        boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] ODD_STATUSES = {201, 202, 204, 206, 299, 301, 302, 304, 400, 401, 403, 404, 408, 409,
            413, 418, 422, 429, 500, 502, 503, 504, 599};
    private static final String[] CONTENT_TYPES = {"application/json", "text/html", "text/plain; charset=iso-8859-1",
            "application/octet-stream", "", "application/json; charset=utf-16", "text/event-stream"};
    private static final String[] RETRY_AFTER = {"-1", "0", "1e9", "NaN", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT",
            "Sun, 31 Feb 2100 25:61:61 GMT", "soon", ""};
    private static final String[] ODD_VALUES = {"null", "true", "0", "-1", "1e999", "\"\"", "\" \"", "[]", "{}", "[null]",
            "[{\"type\": \"text\", \"text\": 5}]", "[{\"type\": \"image\"}]", "[\"text\"]", "{\"text\": \"x\"}",
            "\"\\u0000\"", "\"\\ud800\"", "123456789012345678901234567890"};

    private ReplyMutations() {
    }

    /**
     * @param outline a valid reply text (the outline JSON the request asks for)
     * @param random  the case's random source
     * @return the case's reply
     */
    static Reply next(String outline, Random random) {
        int status = random.nextInt(10) < 7 ? 200 : ODD_STATUSES[random.nextInt(ODD_STATUSES.length)];
        String type = random.nextInt(10) < 7 ? "application/json" : CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
        String retryAfter = random.nextInt(10) == 0 ? RETRY_AFTER[random.nextInt(RETRY_AFTER.length)] : null;
        int roll = random.nextInt(100);
        // a body needs a status that allows one (not 204 or 304); a broken transport is about the body
        if (roll < 3) return transport("connection closed before the declared length", 200, false, (ex, body) -> {
            ex.sendResponseHeaders(200, body.length + 1000);
            ex.getResponseBody().write(body, 0, body.length / 2);
        });
        if (roll < 5) return transport("body trickles past the timeout", 200, true, (ex, body) -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < body.length && i < 20; i++) {
                out.write(body[i]);
                out.flush();
                Thread.sleep(150); // bounded: 20 bytes at most, 3 s, past the 1 s provider timeout
            }
        });
        String what;
        byte[] body;
        if (roll < 12) {
            String[] raw = {"", "null", "1", "[]", "{}", "<html>502 Bad Gateway</html>", "data: {\"choices\": []}\n\n",
                    "{\"choices\": null}", "{\"choices\": [null]}", "{\"choices\": [{\"message\": null}]}", "{\"error\": {\"message\": \"x\"}}"};
            String pick = raw[random.nextInt(raw.length)];
            what = "body " + pick;
            body = pick.getBytes(StandardCharsets.UTF_8);
        } else if (roll < 15) {
            int depth = 2 + random.nextInt(5_000);
            what = "content nested " + depth + " deep";
            body = ("{\"choices\": [{\"message\": {\"content\": " + "[".repeat(depth) + "]".repeat(depth) + "}}]}").getBytes(StandardCharsets.UTF_8);
        } else if (roll < 17) {
            int size = (2 << 20) + random.nextInt(1 << 20);
            what = "content of " + size + " bytes (past the 2 MB cap)";
            body = FakeProviderServer.completion("x".repeat(size)).getBytes(StandardCharsets.UTF_8);
        } else if (roll < 55) {
            String content = mutateText(outline, random);
            what = "content mutated: " + abbreviate(content);
            body = FakeProviderServer.completion(content).getBytes(StandardCharsets.UTF_8);
        } else {
            Mutated mutated = roll < 75 ? structure(outline, random)
                    : mutateBytes(FakeProviderServer.completion(outline).getBytes(StandardCharsets.UTF_8), random);
            what = mutated.what();
            body = mutated.body();
        }
        byte[] finalBody = body;
        String description = "HTTP " + status + ", " + (type.isEmpty() ? "no content type" : type)
                + (retryAfter == null ? "" : ", Retry-After '" + retryAfter + "'") + ", " + what;
        return new Reply(description, status, false, (ex, s) -> {
            if (!type.isEmpty()) ex.getResponseHeaders().add("Content-Type", type);
            if (retryAfter != null) ex.getResponseHeaders().add(random.nextBoolean() ? "Retry-After" : "retry-after-ms", retryAfter);
            boolean noBody = status == 204 || status == 304 || finalBody.length == 0;
            ex.sendResponseHeaders(status, noBody ? -1 : finalBody.length);
            if (!noBody) ex.getResponseBody().write(finalBody);
        });
    }

    // The outline text the model writes, damaged: cut, fenced, wrapped, retyped.
    private static String mutateText(String outline, Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> outline.substring(0, random.nextInt(outline.length()));
            case 1 -> "```json\n" + outline + "\n```";
            case 2 -> "Here is your outline: " + outline;
            case 3 -> outline.replace("\"sections\"", "\"section\"");
            case 4 -> outline.replaceFirst("\"summary\": \"[^\"]*\"", "\"summary\": " + ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
            case 5 -> outline.replaceFirst("\"title\": \"[^\"]*\"", "\"title\": " + ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
            case 6 -> "[".repeat(1 + random.nextInt(3_000));
            default -> " \n\t ";
        };
    }

    /** A damaged body and what was done to it. */
    private record Mutated(String what, byte[] body) {
    }

    // A chat completion whose structure is wrong: content of another type, choices not a list, fields missing.
    private static Mutated structure(String outline, Random random) {
        ObjectNode root = (ObjectNode) readTree(FakeProviderServer.completion(outline));
        ObjectNode choice = (ObjectNode) root.path("choices").path(0);
        ObjectNode message = (ObjectNode) choice.path("message");
        RawValue odd = new RawValue(ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
        String what = switch (random.nextInt(6)) {
            case 0 -> { message.putRawValue("content", odd); yield "content = " + odd; }
            case 1 -> { root.putRawValue("choices", odd); yield "choices = " + odd; }
            case 2 -> { choice.putRawValue("message", odd); yield "message = " + odd; }
            case 3 -> { message.remove("content"); yield "no content"; }
            case 4 -> {
                ArrayNode parts = message.putArray("content");
                parts.addObject().put("type", "text").put("text", outline.substring(0, outline.length() / 2));
                parts.addRawValue(odd);
                parts.addObject().put("type", "text").put("text", outline.substring(outline.length() / 2));
                yield "content in parts with " + odd;
            }
            default -> { choice.put("finish_reason", "length"); message.put("content", ""); yield "empty content, finish_reason length"; }
        };
        return new Mutated("structure: " + what, root.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Mutated mutateBytes(byte[] valid, Random random) {
        byte[] out = valid.clone();
        String what;
        switch (random.nextInt(4)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                what = flips + " bit flips";
            }
            case 1 -> {
                int at = random.nextInt(out.length);
                out = Arrays.copyOf(out, at);
                what = "truncated at " + at;
            }
            case 2 -> {
                int at = random.nextInt(out.length);
                byte[] bad = List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xFF, (byte) 0xFE}).get(random.nextInt(4));
                byte[] joined = Arrays.copyOf(out, out.length + bad.length);
                System.arraycopy(bad, 0, joined, at, bad.length);
                System.arraycopy(out, at, joined, at + bad.length, out.length - at);
                out = joined;
                what = "invalid UTF-8 at " + at;
            }
            default -> {
                byte[] garbage = new byte[1 + random.nextInt(64)];
                random.nextBytes(garbage);
                out = Arrays.copyOf(out, out.length + garbage.length);
                System.arraycopy(garbage, 0, out, valid.length, garbage.length);
                what = "trailing garbage";
            }
        }
        return new Mutated("bytes: " + what, out);
    }

    /** What to do with a reply body at the transport level. */
    @FunctionalInterface
    private interface Transport {
        void send(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws Exception;
    }

    private static Reply transport(String what, int status, boolean stalls, Transport transport) {
        byte[] body = FakeProviderServer.completion("{\"title\": \"x\"}").getBytes(StandardCharsets.UTF_8);
        return new Reply("HTTP " + status + ", " + what, status, stalls, (ex, s) -> {
            try {
                transport.send(ex, body);
            } catch (java.io.IOException | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace("\n", "\\n");
        return one.length() > 60 ? one.substring(0, 60) + "…" : one;
    }
}
