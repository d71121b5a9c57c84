package dev.cairn.provider;

import java.util.List;
import java.util.Objects;

/**
 * One call to a provider. A remote provider sees only {@link #system()}, {@link #user()} and
 * {@link #expectJson()}; the structured hints (topic, section count, section title and summary, source
 * text) let the {@linkplain Provider#offline() offline} provider answer the same request deterministically
 * without a language model. Absent texts are empty strings, never {@code null}.
 *
 * @param purpose        what the call is for
 * @param system         the system prompt
 * @param user           the user prompt
 * @param expectJson     whether the reply must be a JSON object (asks for {@code response_format: json_object})
 * @param topic          the chapter's topic (OUTLINE, SECTION)
 * @param sections       the number of sections the outline must have (OUTLINE; 0 otherwise)
 * @param sectionTitle   the section to write (SECTION)
 * @param sectionSummary what the outline says the section covers (SECTION)
 * @param sourceText     extractive material: the chapter to summarise (SUMMARY), optional sources (OUTLINE, SECTION)
 * @param outline        every section of the chapter's outline (SECTION; empty when unknown), so the offline
 *                       provider can share the sources out between the sections and never repeat a passage
 * @param sectionIndex   the 0-based index of {@code sectionTitle} in {@code outline} (SECTION; -1 when unknown)
 */
public record ProviderRequest(Purpose purpose, String system, String user, boolean expectJson, String topic,
                              int sections, String sectionTitle, String sectionSummary, String sourceText,
                              List<OutlineEntry> outline, int sectionIndex) {

    /**
     * One section of an outline, as a hint for a SECTION call.
     *
     * @param title   the section's title
     * @param summary what it covers, may be empty
     */
    public record OutlineEntry(String title, String summary) {
        public OutlineEntry {
            title = Objects.requireNonNullElse(title, "");
            summary = Objects.requireNonNullElse(summary, "");
        }
    }

    /** What a call is for; the offline provider answers each differently. */
    public enum Purpose {
        /** A chapter outline: JSON {@code {"title", "sections": [{"title", "summary"}]}}. */
        OUTLINE,
        /** One section's text, in Markdown. */
        SECTION,
        /** A short summary of {@link #sourceText()}. */
        SUMMARY
    }

    public ProviderRequest {
        Objects.requireNonNull(purpose, "purpose");
        system = Objects.requireNonNullElse(system, "");
        user = Objects.requireNonNullElse(user, "");
        topic = Objects.requireNonNullElse(topic, "");
        sectionTitle = Objects.requireNonNullElse(sectionTitle, "");
        sectionSummary = Objects.requireNonNullElse(sectionSummary, "");
        sourceText = Objects.requireNonNullElse(sourceText, "");
        outline = outline == null ? List.of() : List.copyOf(outline);
        if (outline.isEmpty()) {
            sectionIndex = -1;
        } else if (sectionIndex < 0 || sectionIndex >= outline.size()) {
            throw new IllegalArgumentException("sectionIndex " + sectionIndex + " is outside an outline of " + outline.size());
        }
        if (purpose == Purpose.OUTLINE && sections < 1) {
            throw new IllegalArgumentException("an outline needs at least 1 section, got " + sections);
        }
        if (sections < 0) throw new IllegalArgumentException("sections must not be negative: " + sections);
    }

    /**
     * An outline request; expects JSON.
     *
     * @param system     the system prompt
     * @param user       the user prompt
     * @param topic      the chapter's topic
     * @param sections   the exact number of sections wanted, at least 1
     * @param sourceText optional sources, may be empty
     * @return the request
     */
    public static ProviderRequest outline(String system, String user, String topic, int sections, String sourceText) {
        return new ProviderRequest(Purpose.OUTLINE, system, user, true, topic, sections, "", "", sourceText, List.of(), -1);
    }

    /**
     * A section request; expects Markdown.
     *
     * @param system         the system prompt
     * @param user           the user prompt
     * @param topic          the chapter's topic
     * @param sectionTitle   the section's title from the outline
     * @param sectionSummary the section's summary from the outline
     * @param sourceText     optional sources, may be empty
     * @return the request
     */
    public static ProviderRequest section(String system, String user, String topic, String sectionTitle,
                                          String sectionSummary, String sourceText) {
        return new ProviderRequest(Purpose.SECTION, system, user, false, topic, 0, sectionTitle, sectionSummary, sourceText,
                List.of(), -1);
    }

    /**
     * A section request that names the whole outline; expects Markdown.
     *
     * @param system     the system prompt
     * @param user       the user prompt
     * @param topic      the chapter's topic
     * @param outline    every section of the outline, in order
     * @param index      0-based index of the section to write
     * @param sourceText optional sources, may be empty
     * @return the request
     */
    public static ProviderRequest section(String system, String user, String topic, List<OutlineEntry> outline, int index,
                                          String sourceText) {
        if (index < 0 || index >= outline.size()) {
            throw new IllegalArgumentException("section " + index + " is not in an outline of " + outline.size());
        }
        OutlineEntry entry = outline.get(index);
        return new ProviderRequest(Purpose.SECTION, system, user, false, topic, 0, entry.title(), entry.summary(), sourceText,
                outline, index);
    }

    /**
     * A summary request; expects plain text.
     *
     * @param system     the system prompt
     * @param user       the user prompt (usually containing the text)
     * @param sourceText the text to summarise
     * @return the request
     */
    public static ProviderRequest summary(String system, String user, String sourceText) {
        return new ProviderRequest(Purpose.SUMMARY, system, user, false, "", 0, "", "", sourceText, List.of(), -1);
    }

    @Override
    public String toString() {
        // why: prompts and sources can be megabytes; logs need their shape, not their text
        return "ProviderRequest[" + purpose + ", topic='" + abbreviate(topic) + "', sections=" + sections
                + ", sectionTitle='" + abbreviate(sectionTitle) + "', system=" + system.length() + " chars, user="
                + user.length() + " chars, source=" + sourceText.length() + " chars, expectJson=" + expectJson + "]";
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
