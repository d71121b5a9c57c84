package dev.cairn.chapter;

import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.pipeline.AtomicFiles;
import dev.cairn.chapter.internal.ChapterFiles;
import dev.cairn.chapter.internal.ChapterPrompts;
import dev.cairn.chapter.internal.Outline;
import dev.cairn.provider.ProviderChain;
import dev.cairn.provider.ProviderRequest;
import dev.cairn.provider.UnusableReplyException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sections}: one provider call per section of the outline, in order. Each reply is Markdown taken
 * as it is (an empty one is a retryable {@code BAD_REPLY}) and written to {@code sections/NN.md}
 * (atomically) <em>before</em> the checkpoint that moves the cursor past it.
 *
 * <p>The cursor is the number of finished sections, i.e. the 0-based index of the next section to write
 * ({@code "3"} after sections 1–3, whose texts are in {@code sections/01.md}–{@code 03.md}). A resumed run
 * requests only sections without a file: those before the cursor were written before it was saved, and
 * one written just before a crash that lost its checkpoint is kept too, so a paid reply is never requested
 * twice. Provider replies are never held only in memory.
 */
final class SectionsStep implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(SectionsStep.class);

    private final ProviderChain providers;
    private final ChapterGenerationPipeline pipeline;

    SectionsStep(ProviderChain providers, ChapterGenerationPipeline pipeline) {
        this.providers = providers;
        this.pipeline = pipeline;
    }

    @Override
    public String name() {
        return ChapterGenerationPipeline.SECTIONS;
    }

    @Override
    public void run(StepContext context) throws IOException {
        String topic = ChapterGenerationPipeline.topic(context.payload());
        Outline outline = AssembleStep.outline(context);
        int n = outline.sections().size();
        ChapterFiles files = new ChapterFiles(context.outputDir());
        Files.createDirectories(files.sectionsDir());
        AtomicFiles.deleteStaleTemps(files.sectionsDir());

        int next = nextSection(context.cursor(), n);
        // why: the whole outline goes with every call, so an extractive provider can share the sources out between sections
        List<ProviderRequest.OutlineEntry> entries = outline.sections().stream()
                .map(s -> new ProviderRequest.OutlineEntry(s.title(), s.summary())).toList();
        String sources = null;
        boolean sourcesRead = false;
        for (int i = 0; i < n; i++) {
            if (files.hasSection(i)) continue;
            if (i < next) {
                LOG.warn("job {}: section {} is before the cursor ({}) but {} is missing; requesting it again",
                        context.jobId(), i + 1, next, files.section(i));
            }
            if (!sourcesRead) {
                sources = pipeline.sourceText(context.payload());
                sourcesRead = true;
            }
            ChapterPrompts.Prompt prompt = ChapterPrompts.section(topic, outline, i, sources);
            int number = i + 1;
            String text = providers.call(ProviderRequest.section(prompt.system(), prompt.user(), topic,
                    entries, i, sources), reply -> {
                if (reply.text().isBlank()) throw new UnusableReplyException("the text of section " + number + " of " + n + " is empty");
                return reply.text();
            });
            // File first, then checkpoint: a saved cursor never runs ahead of the files.
            AtomicFiles.writeString(files.section(i), text);
            context.checkpoint(String.valueOf(i + 1), (i + 1.0) / n);
        }
    }

    // A cursor this step did not write (garbage, out of range) counts as none: which sections are finished
    // is decided by their files, so nothing paid for is requested again either way.
    private static int nextSection(Optional<String> cursor, int n) {
        if (cursor.isEmpty()) return 0;
        try {
            int next = Integer.parseInt(cursor.get().trim());
            return next >= 0 && next <= n ? next : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
