package dev.cairn.chapter.internal;

import dev.cairn.provider.OfflineMarks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds {@code chapter.md}: {@code # <chapter title>}, then each section in outline order, each starting
 * with {@code ## <section title>}. The result depends only on the outline and the section texts, with
 * {@code \n} line ends, so assembling the same parts twice gives byte-identical files. A chapter with sections
 * the offline provider chose starts with a one-line blockquote that says so.
 */
public final class ChapterMarkdown {

    /** An ATX heading line: 1–6 {@code #}, a space, the text, optional closing {@code #}s. */
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");

    private ChapterMarkdown() {
    }

    /**
     * @param outline  the chapter's outline
     * @param sections each section's text as the provider wrote it, in outline order
     * @return the chapter, ending in a newline
     */
    public static String assemble(Outline outline, List<String> sections) {
        return assemble(outline, sections, null);
    }

    /**
     * @param outline  the chapter's outline
     * @param sections each section's text as the provider wrote it, in outline order
     * @param sources  where the sources came from, e.g. {@code "the chapters of pdf-processing job 42"};
     *                 {@code null} when there were none
     * @return the chapter, ending in a newline; starting with {@link #note} when any section is an offline extract
     */
    public static String assemble(Outline outline, List<String> sections, String sources) {
        if (sections.size() != outline.sections().size()) {
            throw new IllegalArgumentException(sections.size() + " section texts for " + outline.sections().size() + " sections");
        }
        StringBuilder out = new StringBuilder();
        note(sections, sources).ifPresent(note -> out.append("> ").append(note).append("\n\n"));
        out.append("# ").append(outline.title()).append('\n');
        for (int i = 0; i < sections.size(); i++) {
            out.append('\n').append(section(outline.sections().get(i).title(), OfflineMarks.withoutMarker(sections.get(i))));
        }
        return out.toString();
    }

    /**
     * @param sections each section's text as the provider wrote it
     * @param sources  where the sources came from, {@code null} when there were none
     * @return the note for readers when the offline provider wrote any section (naming them when it wrote only
     *         some, after a failover), empty when a language model wrote them all
     */
    public static Optional<String> note(List<String> sections, String sources) {
        List<Integer> offline = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) if (OfflineMarks.isOfflineSection(sections.get(i))) offline.add(i + 1);
        if (offline.isEmpty()) return Optional.empty();
        String note = OfflineMarks.chapterNote(sources);
        if (offline.size() == sections.size()) return Optional.of(note);
        return Optional.of((offline.size() == 1 ? "Section " : "Sections ")
                + offline.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ": " + note);
    }

    /**
     * One section, starting with {@code ## <title>}. When the text already opens with a level-1 or level-2
     * heading (models often repeat the title they were given), that heading is replaced rather than
     * duplicated; a deeper heading is kept below the added one.
     *
     * @param title the section's title from the outline
     * @param text  the provider's text
     * @return the section, ending in a newline
     */
    static String section(String title, String text) {
        String body = text.replace("\r\n", "\n").replace('\r', '\n').strip();
        String heading = "## " + title;
        int lineEnd = body.indexOf('\n');
        String first = lineEnd < 0 ? body : body.substring(0, lineEnd);
        Matcher m = HEADING.matcher(first);
        if (m.matches() && m.group(1).length() <= 2) {
            body = (lineEnd < 0 ? "" : body.substring(lineEnd + 1)).strip();
        }
        return body.isEmpty() ? heading + "\n" : heading + "\n\n" + body + "\n";
    }
}
