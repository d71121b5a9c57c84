package dev.cairn.pdf;

import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.pipeline.AtomicFiles;
import dev.cairn.pipeline.JobNote;
import dev.cairn.pdf.internal.ChapterList;
import dev.cairn.pdf.internal.ChapterSummaries;
import dev.cairn.pdf.internal.Json;
import dev.cairn.pdf.internal.PageTextFiles;
import dev.cairn.provider.OfflineMarks;
import dev.cairn.provider.ProviderChain;
import dev.cairn.provider.ProviderRequest;
import dev.cairn.provider.UnusableReplyException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code summarize}: when the payload says {@code "summarize": true}, one provider call per chapter for a
 * short summary, recorded as a {@link ChapterSummaries} output that {@code write-result} adds to
 * {@code document.json}. Skipped, saying why, when {@code summarize} is false or no provider is configured.
 *
 * <p>The cursor is the number of finished chapters (the 0-based index of the next one). Each summary is
 * written to {@code summaries/NN.txt} (numbered from 01, atomically) <em>before</em> the checkpoint that
 * moves the cursor past it, and a resumed run requests only chapters without a file, so a paid reply is
 * never requested twice. The output is read back from those files at the end. A chapter without words
 * gets no summary and costs no call. A blank reply is a retryable {@code BAD_REPLY}. When the offline provider
 * wrote any summary (each starts with {@link OfflineMarks#SUMMARY_PREFIX}), the job leaves a {@link JobNote} saying
 * they are extracts.
 */
final class SummarizeStep implements Step {

    /** The directory of summary files in the job's output dir. */
    static final String SUMMARIES_DIR = "summaries";
    /** The most chapter text one call carries; the rest of a longer chapter is left out. */
    static final int MAX_CHAPTER_CHARS = 100_000;

    static final String SYSTEM_PROMPT = "You summarise chapters of documents accurately and concisely. "
            + "You answer with the summary only, in plain prose.";

    private static final Logger LOG = LoggerFactory.getLogger(SummarizeStep.class);

    private final ProviderChain providers;

    /** @param providers the providers to call, {@code null} when none are configured (the step then skips) */
    SummarizeStep(ProviderChain providers) {
        this.providers = providers;
    }

    @Override
    public String name() {
        return PdfProcessingPipeline.SUMMARIZE;
    }

    @Override
    public void run(StepContext context) throws IOException {
        if (!context.payload().bool("summarize", false)) {
            context.skip("summarize is false");
            return;
        }
        if (providers == null) {
            context.skip("summarize is true but no summary provider is configured");
            return;
        }
        List<ChapterList.Chapter> chapters = Json.readStepOutput(PdfProcessingPipeline.SPLIT_CHAPTERS,
                context.output(PdfProcessingPipeline.SPLIT_CHAPTERS).orElse(null), ChapterList.class).chapters();
        Path dir = Files.createDirectories(context.outputDir().resolve(SUMMARIES_DIR));
        AtomicFiles.deleteStaleTemps(dir);
        PageTextFiles pages = new PageTextFiles(context.outputDir());

        int n = chapters.size();
        int next = nextChapter(context.cursor(), n);
        for (int i = 0; i < n; i++) {
            ChapterList.Chapter chapter = chapters.get(i);
            Path file = summaryFile(dir, i);
            if (chapter.words() == 0 || isWritten(file)) continue;
            if (i < next) {
                LOG.warn("job {}: chapter {} is before the cursor ({}) but {} is missing; summarising it again",
                        context.jobId(), i + 1, next, file);
            }
            String text = chapterText(pages, chapter);
            int number = i + 1;
            String summary = providers.call(ProviderRequest.summary(SYSTEM_PROMPT, userPrompt(chapter, text), text), reply -> {
                String stripped = reply.text().strip();
                if (stripped.isEmpty()) throw new UnusableReplyException("the summary of chapter " + number + " of " + n + " is empty");
                return stripped;
            });
            // File first, then checkpoint: a saved cursor never runs ahead of the files.
            AtomicFiles.writeString(file, summary + "\n");
            context.checkpoint(String.valueOf(i + 1), (i + 1.0) / n);
        }

        List<String> summaries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Path file = summaryFile(dir, i);
            summaries.add(chapters.get(i).words() == 0 ? null : Files.readString(file, StandardCharsets.UTF_8).strip());
        }
        boolean offline = summaries.stream().anyMatch(t -> t != null && OfflineMarks.isOfflineSummary(t));
        JobNote.write(context.outputDir(), offline ? OfflineMarks.SUMMARY_NOTE : null);
        context.setOutput(Json.compact(new ChapterSummaries(summaries)));
    }

    /**
     * @param dir   the summaries directory
     * @param index 0-based chapter index
     * @return {@code summaries/01.txt} for index 0
     */
    static Path summaryFile(Path dir, int index) {
        return dir.resolve(String.format("%02d.txt", index + 1));
    }

    static String userPrompt(ChapterList.Chapter chapter, String text) {
        boolean cut = text.length() >= MAX_CHAPTER_CHARS;
        return "Summarise this chapter in two to four sentences: what it is about and its main points. "
                + "Answer with the summary only: no title, no preamble, no Markdown.\n\n"
                + "Chapter title: " + chapter.title() + "\n\n"
                + "Chapter text" + (cut ? " (cut off after " + MAX_CHAPTER_CHARS + " characters)" : "")
                + " between the markers:\n<<<CHAPTER\n" + text + "\nCHAPTER>>>";
    }

    // The chapter's page texts, in order, separated by blank lines, cut at MAX_CHAPTER_CHARS.
    private static String chapterText(PageTextFiles pages, ChapterList.Chapter chapter) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int page = chapter.firstPage(); page <= chapter.lastPage() && text.length() < MAX_CHAPTER_CHARS; page++) {
            if (!text.isEmpty()) text.append("\n\n");
            try (Reader in = pages.open(page)) {
                for (int r; text.length() < MAX_CHAPTER_CHARS && (r = in.read(buffer)) >= 0; ) {
                    text.append(buffer, 0, Math.min(r, MAX_CHAPTER_CHARS - text.length()));
                }
            }
            while (!text.isEmpty() && Character.isWhitespace(text.charAt(text.length() - 1))) text.setLength(text.length() - 1);
        }
        if (text.length() > MAX_CHAPTER_CHARS) text.setLength(MAX_CHAPTER_CHARS);
        return text.toString().strip();
    }

    private static boolean isWritten(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    // A cursor this step did not write counts as none: the files decide what is finished.
    private static int nextChapter(Optional<String> cursor, int n) {
        if (cursor.isEmpty()) return 0;
        try {
            int next = Integer.parseInt(cursor.get().trim());
            return next >= 0 && next <= n ? next : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
