package dev.cairn.chapter;

import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.pipeline.AtomicFiles;
import dev.cairn.pipeline.JobNote;
import dev.cairn.chapter.internal.ChapterFiles;
import dev.cairn.chapter.internal.ChapterMarkdown;
import dev.cairn.chapter.internal.Outline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code assemble}: writes {@code chapter.md} — {@code # <title>}, then every section from
 * {@code sections/NN.md} in outline order, each under {@code ## <section title>} (see
 * {@link ChapterMarkdown}), and {@code note.txt} ({@link JobNote}) when the offline provider chose the
 * text. No provider call; the file depends only on the outline and the section files,
 * so a rerun writes identical bytes.
 */
final class AssembleStep implements Step {

    @Override
    public String name() {
        return ChapterGenerationPipeline.ASSEMBLE;
    }

    @Override
    public void run(StepContext context) throws IOException {
        Outline outline = outline(context);
        ChapterFiles files = new ChapterFiles(context.outputDir());
        List<String> texts = new ArrayList<>(outline.sections().size());
        for (int i = 0; i < outline.sections().size(); i++) texts.add(files.readSection(i));
        AtomicFiles.deleteStaleTemps(context.outputDir());
        String sources = ChapterGenerationPipeline.sourceJob(context.payload())
                .map(id -> "the chapters of pdf-processing job " + id).orElse(null);
        AtomicFiles.writeString(files.chapter(), ChapterMarkdown.assemble(outline, texts, sources));
        JobNote.write(context.outputDir(), ChapterMarkdown.note(texts, sources).orElse(null));
    }

    /**
     * Reads the {@code outline} step's output. A missing or unreadable one cannot be fixed by retrying (the
     * step is never run again), so both are permanent errors.
     */
    static Outline outline(StepContext context) {
        String json = context.output(ChapterGenerationPipeline.OUTLINE).orElseThrow(() ->
                CairnException.permanent("step '" + ChapterGenerationPipeline.OUTLINE + "' left no output to continue from"));
        try {
            return Outline.read(json, -1);
        } catch (Outline.InvalidOutlineException e) {
            throw CairnException.permanent("the output of step '" + ChapterGenerationPipeline.OUTLINE
                    + "' is not readable: " + e.getMessage());
        }
    }
}
