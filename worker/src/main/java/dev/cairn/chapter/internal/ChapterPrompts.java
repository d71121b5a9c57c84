package dev.cairn.chapter.internal;

/**
 * The prompts of the {@code chapter-generation} calls, in one place. A remote provider sees only these
 * texts, so each carries everything the call needs: the topic, the exact section count, the outline so
 * far, and the sources when there are any.
 */
public final class ChapterPrompts {

    /** A system and a user prompt. */
    public record Prompt(String system, String user) {
    }

    static final String OUTLINE_SYSTEM = """
            You are an experienced technical author who plans book chapters. \
            You answer with a single JSON object and nothing else: no prose, no Markdown, no code fences.""";

    static final String SECTION_SYSTEM = """
            You are an experienced technical author writing one section of a book chapter. \
            You write clear, accurate, well-structured Markdown and answer with the section text only.""";

    private ChapterPrompts() {
    }

    /**
     * @param topic    what the chapter is about
     * @param sections how many sections the outline must have
     * @param sources  source material, may be empty
     * @return the prompts of the {@code outline} call
     */
    public static Prompt outline(String topic, int sections, String sources) {
        StringBuilder user = new StringBuilder()
                .append("Plan a book chapter about this topic: ").append(topic.strip()).append("\n\n")
                .append("Reply with a JSON object of exactly this shape:\n")
                .append("{\"title\": \"<chapter title>\", \"sections\": [{\"title\": \"<section title>\", ")
                .append("\"summary\": \"<one or two sentences on what the section covers>\"}]}\n\n")
                .append("The \"sections\" array must have exactly ").append(sections)
                .append(sections == 1 ? " entry" : " entries")
                .append(", in reading order, each with a short, distinct, non-empty title.");
        appendSources(user, sources, "Base the outline on these sources");
        return new Prompt(OUTLINE_SYSTEM, user.toString());
    }

    /**
     * @param topic   what the chapter is about
     * @param outline the chapter's outline
     * @param index   0-based index of the section to write
     * @param sources source material, may be empty
     * @return the prompts of one {@code sections} call
     */
    public static Prompt section(String topic, Outline outline, int index, String sources) {
        Outline.Section section = outline.sections().get(index);
        StringBuilder user = new StringBuilder()
                .append("The chapter \"").append(outline.title()).append("\" is about: ").append(topic.strip()).append("\n\n")
                .append("Its sections are:\n");
        for (int i = 0; i < outline.sections().size(); i++) {
            Outline.Section s = outline.sections().get(i);
            user.append(i + 1).append(". ").append(s.title());
            if (!s.summary().isEmpty()) user.append(" — ").append(s.summary());
            user.append('\n');
        }
        user.append("\nWrite section ").append(index + 1).append(", \"").append(section.title()).append("\", in Markdown. ")
                .append("Start with the heading \"## ").append(section.title()).append("\", use ### for any subheadings, ")
                .append("cover what its summary promises without repeating the other sections, and answer with the ")
                .append("section text only (no preamble, no code fence around it).");
        appendSources(user, sources, "Draw on these sources where they are relevant");
        return new Prompt(SECTION_SYSTEM, user.toString());
    }

    private static void appendSources(StringBuilder user, String sources, String lead) {
        if (sources == null || sources.isBlank()) return;
        user.append("\n\n").append(lead).append(" (between the markers):\n")
                .append("<<<SOURCES\n").append(sources.strip()).append("\nSOURCES>>>");
    }
}
