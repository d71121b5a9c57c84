package dev.cairn.chapter.internal;

import dev.cairn.pipeline.PrettyJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chapter outline: {@code {"title": "…", "sections": [{"title": "…", "summary": "…"}]}}, as the
 * {@code outline} call must answer it, as the {@code outline} step records it and as {@code outline.json}
 * holds it.
 *
 * <p>{@link #parseReply(String, int)} is the one place that decides whether a provider's reply is a usable
 * outline: a JSON object (optionally inside a Markdown code fence, which language models like to add), a
 * non-blank title, and exactly the requested number of sections, each with a non-blank title and a string
 * summary. Titles are collapsed to one line (they become Markdown headings); summaries are trimmed.
 *
 * @param title    the chapter's title, one line, non-blank
 * @param sections the sections in order, at least one
 */
public record Outline(String title, List<Section> sections) {

    /**
     * @param title   the section's title, one line, non-blank
     * @param summary what the section covers, trimmed (may be empty)
     */
    public record Section(String title, String summary) {
        public Section {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(summary, "summary");
        }
    }

    /** A reply or file that is not a usable outline; the message says why, without echoing it whole. */
    public static final class InvalidOutlineException extends Exception {
        InvalidOutlineException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** A whole reply inside one code fence: ```json … ``` (any or no language tag). */
    private static final Pattern FENCED = Pattern.compile("(?s)^```[A-Za-z0-9_+-]*[ \\t]*\\r?\\n?(.*?)\\s*```$");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final int EXCERPT_CHARS = 80;

    public Outline {
        Objects.requireNonNull(title, "title");
        sections = List.copyOf(sections);
    }

    /**
     * Reads a provider's reply to an outline request.
     *
     * @param reply    the reply text
     * @param expected the number of sections asked for
     * @return the outline, normalised
     * @throws InvalidOutlineException when the reply is not an outline with exactly {@code expected} sections
     */
    public static Outline parseReply(String reply, int expected) throws InvalidOutlineException {
        String text = reply == null ? "" : reply.strip();
        Matcher fenced = FENCED.matcher(text);
        if (fenced.matches()) text = fenced.group(1).strip();
        if (text.isEmpty()) throw new InvalidOutlineException("the outline is not JSON: " + excerpt(reply));
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidOutlineException("the outline is not JSON: " + excerpt(reply));
        }
        return fromTree(root, expected);
    }

    /**
     * Reads an outline this class wrote ({@link #toJson()}, {@link #toPrettyJson()}).
     *
     * @param json     the JSON
     * @param expected the number of sections it must have, or {@code -1} for any number (at least one)
     * @return the outline
     * @throws InvalidOutlineException when it is not one
     */
    public static Outline read(String json, int expected) throws InvalidOutlineException {
        try {
            return fromTree(MAPPER.readTree(json), expected);
        } catch (JsonProcessingException e) {
            throw new InvalidOutlineException("the outline is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Outline fromTree(JsonNode root, int expected) throws InvalidOutlineException {
        if (root == null || !root.isObject()) {
            throw new InvalidOutlineException("the outline is not a JSON object");
        }
        String title = oneLine(root.get("title"));
        if (title == null || title.isEmpty()) {
            throw new InvalidOutlineException("the outline has no \"title\" (a non-empty string)");
        }
        JsonNode list = root.get("sections");
        if (list == null || !list.isArray()) {
            throw new InvalidOutlineException("the outline has no \"sections\" array");
        }
        if (expected >= 0 && list.size() != expected) {
            throw new InvalidOutlineException("the outline has " + list.size() + " sections, " + expected + " were asked for");
        }
        if (list.isEmpty()) throw new InvalidOutlineException("the outline has no sections");
        List<Section> sections = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String where = "section " + (i + 1) + " of the outline";
            if (!node.isObject()) throw new InvalidOutlineException(where + " is not an object");
            String sectionTitle = oneLine(node.get("title"));
            if (sectionTitle == null || sectionTitle.isEmpty()) {
                throw new InvalidOutlineException(where + " has no \"title\" (a non-empty string)");
            }
            JsonNode summary = node.get("summary");
            if (summary == null || !summary.isTextual()) {
                throw new InvalidOutlineException(where + " has no \"summary\" (a string)");
            }
            sections.add(new Section(sectionTitle, summary.textValue().strip()));
        }
        return new Outline(title, sections);
    }

    private static String oneLine(JsonNode node) {
        if (node == null || !node.isTextual()) return null;
        return SPACE.matcher(node.textValue()).replaceAll(" ").strip();
    }

    private static String excerpt(String reply) {
        if (reply == null || reply.isBlank()) return "(empty)";
        String flat = SPACE.matcher(reply).replaceAll(" ").strip();
        return "'" + (flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "…") + "'";
    }

    private ObjectNode tree() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("title", title);
        ArrayNode list = root.putArray("sections");
        for (Section s : sections) list.addObject().put("title", s.title()).put("summary", s.summary());
        return root;
    }

    /** @return compact JSON, for the step output */
    public String toJson() {
        return tree().toString();
    }

    /** @return indented JSON ending in a newline, for {@code outline.json} */
    public String toPrettyJson() {
        return PrettyJson.write(tree());
    }
}
