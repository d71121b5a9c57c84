package dev.cairn.pdf;

import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.pdf.internal.ChapterDetector;
import dev.cairn.pdf.internal.ChapterList;
import dev.cairn.pdf.internal.ChapterRange;
import dev.cairn.pdf.internal.DocumentInfo;
import dev.cairn.pdf.internal.FixedRangeChapters;
import dev.cairn.pdf.internal.HeadingChapters;
import dev.cairn.pdf.internal.Json;
import dev.cairn.pdf.internal.OutlineChapters;
import dev.cairn.pdf.internal.PageStats;
import dev.cairn.pdf.internal.PageTextFiles;
import java.io.IOException;
import java.util.List;

/**
 * {@code split-chapters}: divides the document into chapters with the first strategy that applies —
 * the PDF's bookmarks, else headings found at the top of pages, else fixed page ranges — and counts
 * each chapter's words. Records a {@link ChapterList} as JSON.
 *
 * <p>It works only from {@code inspect}'s output and the page files, read one at a time, so it can
 * run in a fresh worker after a crash and gives the same answer every time.
 */
final class SplitChaptersStep implements Step {

    private final List<ChapterDetector> detectors;

    SplitChaptersStep(PdfLimits limits) {
        this.detectors = List.of(new OutlineChapters(), new HeadingChapters(),
                new FixedRangeChapters(limits.pagesPerChapter()));
    }

    @Override
    public String name() {
        return PdfProcessingPipeline.SPLIT_CHAPTERS;
    }

    @Override
    public void run(StepContext context) throws IOException {
        DocumentInfo info = Json.readStepOutput(PdfProcessingPipeline.INSPECT,
                context.output(PdfProcessingPipeline.INSPECT).orElse(null), DocumentInfo.class);
        PageStats stats = PageStats.read(new PageTextFiles(context.outputDir()), info.pages());
        for (ChapterDetector detector : detectors) {
            List<ChapterRange> ranges = detector.detect(info, stats);
            if (ranges.isEmpty()) continue;
            List<ChapterList.Chapter> chapters = ranges.stream()
                    .map(r -> new ChapterList.Chapter(r.title(), r.firstPage(), r.lastPage(),
                            stats.words(r.firstPage(), r.lastPage())))
                    .toList();
            context.setOutput(Json.compact(new ChapterList(detector.name(), chapters)));
            return;
        }
        throw new IllegalStateException("the fixed-range detector always finds chapters");
    }
}
