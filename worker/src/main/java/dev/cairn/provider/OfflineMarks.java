package dev.cairn.provider;

/**
 * How the built-in {@linkplain Provider#offline() offline} provider marks what it writes, so the steps that
 * use its replies can tell readers that they hold extracts of the sources, not written text.
 */
public final class OfflineMarks {

    /** The first line of every section the offline provider writes; assembling a chapter replaces it with a note. */
    public static final String SECTION_MARKER = "<!-- cairn:offline-extract -->";
    /** The start of every summary the offline provider writes. */
    public static final String SUMMARY_PREFIX = "[Offline extract] ";
    /** What a job whose summaries are offline extracts tells its user. */
    public static final String SUMMARY_NOTE = "Summaries are extracts chosen offline (sentences of each chapter, not "
            + "written summaries); set CAIRN_PROVIDERS to an LLM provider for written summaries.";

    private OfflineMarks() {
    }

    /**
     * @param text a section's text as a provider wrote it
     * @return whether the offline provider wrote it
     */
    public static boolean isOfflineSection(String text) {
        return text.stripLeading().startsWith(SECTION_MARKER);
    }

    /**
     * @param text a section's text
     * @return the text without the offline marker line
     */
    public static String withoutMarker(String text) {
        String t = text.stripLeading();
        return t.startsWith(SECTION_MARKER) ? t.substring(SECTION_MARKER.length()).stripLeading() : text;
    }

    /**
     * @param text a summary as a provider wrote it
     * @return whether the offline provider wrote it
     */
    public static boolean isOfflineSummary(String text) {
        return text.startsWith(SUMMARY_PREFIX.strip());
    }

    /**
     * @param sources where the extracts come from, e.g. {@code "the chapters of pdf-processing job 42"};
     *                {@code null} when the job named no sources
     * @return the note a chapter of offline extracts starts with
     */
    public static String chapterNote(String sources) {
        if (sources == null) {
            return "Chosen offline without sources: the offline provider only extracts from source documents, so this "
                    + "chapter has no text; use --source-job <pdf job id>, or set CAIRN_PROVIDERS to an LLM provider for "
                    + "written chapters.";
        }
        return "Extractive text chosen offline from " + sources
                + "; set CAIRN_PROVIDERS to an LLM provider for written chapters.";
    }
}
