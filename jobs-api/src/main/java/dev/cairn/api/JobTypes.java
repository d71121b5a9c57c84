package dev.cairn.api;

/** The job types a Cairn worker knows; each is the name of a pipeline. */
public final class JobTypes {

    /** Splits a PDF into page texts and chapters: payload {@code {"file": "...", "summarize": false}}. */
    public static final String PDF_PROCESSING = "pdf-processing";

    /** Writes a chapter about a topic with an LLM provider: payload {@code {"topic": "...", "sections": 5}}. */
    public static final String CHAPTER_GENERATION = "chapter-generation";

    private JobTypes() {
    }
}
