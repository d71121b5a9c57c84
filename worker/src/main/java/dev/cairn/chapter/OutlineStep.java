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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code outline}: one provider call for the chapter's outline, which must be JSON with exactly the
 * requested number of sections (see {@link Outline#parseReply(String, int)}); anything else is a retryable
 * {@code BAD_REPLY}. The validated outline is written to {@code outline.json} and recorded as the step's
 * output.
 *
 * <p>A paid reply is never thrown away: when a previous run of this step wrote a valid {@code outline.json}
 * with the requested number of sections and died before the step completed, that outline is used again
 * without a call. A new outline deletes any section files, which belong to the outline it replaces.
 */
final class OutlineStep implements Step {

    private static final Logger LOG = LoggerFactory.getLogger(OutlineStep.class);

    private final ProviderChain providers;
    private final ChapterGenerationPipeline pipeline;

    OutlineStep(ProviderChain providers, ChapterGenerationPipeline pipeline) {
        this.providers = providers;
        this.pipeline = pipeline;
    }

    @Override
    public String name() {
        return ChapterGenerationPipeline.OUTLINE;
    }

    @Override
    public void run(StepContext context) throws IOException {
        String topic = ChapterGenerationPipeline.topic(context.payload());
        int sections = ChapterGenerationPipeline.sections(context.payload());
        ChapterFiles files = new ChapterFiles(context.outputDir());
        AtomicFiles.deleteStaleTemps(context.outputDir());

        Outline outline = earlierOutline(context, files, sections);
        if (outline == null) {
            String sources = pipeline.sourceText(context.payload());
            ChapterPrompts.Prompt prompt = ChapterPrompts.outline(topic, sections, sources);
            outline = providers.call(ProviderRequest.outline(prompt.system(), prompt.user(), topic, sections, sources), reply -> {
                try {
                    return Outline.parseReply(reply.text(), sections);
                } catch (Outline.InvalidOutlineException e) {
                    throw new UnusableReplyException(e.getMessage());
                }
            });
            files.deleteSections();
            AtomicFiles.writeString(files.outline(), outline.toPrettyJson());
        }
        context.setOutput(outline.toJson());
    }

    private static Outline earlierOutline(StepContext context, ChapterFiles files, int sections) throws IOException {
        if (!Files.isRegularFile(files.outline())) return null;
        try {
            Outline outline = Outline.read(Files.readString(files.outline(), StandardCharsets.UTF_8), sections);
            LOG.info("job {}: reusing the outline an earlier run wrote to {}", context.jobId(), files.outline());
            return outline;
        } catch (Outline.InvalidOutlineException e) {
            LOG.warn("job {}: ignoring {}: {}", context.jobId(), files.outline(), e.getMessage());
            return null;
        }
    }
}
