package dev.cairn.pdf;

import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;

/**
 * {@code summarize}: a placeholder until summary providers exist. It always skips, saying why, so a
 * job's story shows whether summaries were asked for.
 *
 * <p>The replacement will summarise chapter by chapter (cursor = next chapter) and record a
 * {@link dev.cairn.pdf.internal.ChapterSummaries} JSON output, which {@code write-result} already reads.
 */
final class SummarizeStep implements Step {

    @Override
    public String name() {
        return PdfProcessingPipeline.SUMMARIZE;
    }

    @Override
    public void run(StepContext context) {
        if (!context.payload().bool("summarize", false)) {
            context.skip("summarize is false");
        } else {
            context.skip("no summary provider is configured yet");
        }
    }
}
