package dev.cairn.pdf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.pipeline.AtomicFiles;
import dev.cairn.pdf.internal.ChapterList;
import dev.cairn.pdf.internal.ChapterSummaries;
import dev.cairn.pdf.internal.DocumentInfo;
import dev.cairn.pdf.internal.Json;
import dev.cairn.pdf.internal.MarkdownChapter;
import dev.cairn.pdf.internal.PageTextFiles;
import dev.cairn.pdf.internal.RunningLines;
import dev.cairn.pdf.internal.Slugs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code write-result}: writes {@code chapters/NN-<slug>.md} (Markdown: the chapter's title as a
 * heading, then its pages' paragraphs with page markers, running headers and page numbers left out; see
 * {@link MarkdownChapter}) and {@code document.json} (page count, metadata, chapters) into the job's
 * output dir.
 *
 * <p>Every file is written atomically and depends only on earlier steps' outputs, with no timestamps,
 * so a rerun after a crash produces byte-identical files. {@code document.json} is written last: when
 * it exists, the chapter files it lists are complete.
 */
final class WriteResultStep implements Step {

    /** The result's summary file in the job's output dir. */
    static final String DOCUMENT_JSON = "document.json";
    /** The directory of chapter files in the job's output dir. */
    static final String CHAPTERS_DIR = "chapters";

    @Override
    public String name() {
        return PdfProcessingPipeline.WRITE_RESULT;
    }

    @Override
    public void run(StepContext context) throws IOException {
        DocumentInfo info = Json.readStepOutput(PdfProcessingPipeline.INSPECT,
                context.output(PdfProcessingPipeline.INSPECT).orElse(null), DocumentInfo.class);
        ChapterList chapters = Json.readStepOutput(PdfProcessingPipeline.SPLIT_CHAPTERS,
                context.output(PdfProcessingPipeline.SPLIT_CHAPTERS).orElse(null), ChapterList.class);
        // Absent when summarize was skipped (summarize: false, or no provider); see ChapterSummaries.
        ChapterSummaries summaries = context.output(PdfProcessingPipeline.SUMMARIZE)
                .map(json -> Json.readStepOutput(PdfProcessingPipeline.SUMMARIZE, json, ChapterSummaries.class))
                .orElse(new ChapterSummaries(List.of()));

        Path outputDir = context.outputDir();
        PageTextFiles pages = new PageTextFiles(outputDir);
        writeChapterFiles(outputDir, pages, RunningLines.scan(pages, info.pages()), chapters.chapters());
        AtomicFiles.deleteStaleTemps(outputDir);
        AtomicFiles.writeString(outputDir.resolve(DOCUMENT_JSON), Json.pretty(document(info, chapters, summaries)));
    }

    /**
     * @param index 0-based chapter index
     * @param title the chapter's title
     * @return the chapter's file name, e.g. {@code 01-introduction.md}
     */
    static String chapterFileName(int index, String title) {
        return String.format("%02d-%s.md", index + 1, Slugs.slug(title));
    }

    private static void writeChapterFiles(Path outputDir, PageTextFiles pages, RunningLines running,
                                          List<ChapterList.Chapter> chapters) throws IOException {
        Path dir = Files.createDirectories(outputDir.resolve(CHAPTERS_DIR));
        AtomicFiles.deleteStaleTemps(dir);
        Set<String> written = new HashSet<>();
        for (int i = 0; i < chapters.size(); i++) {
            ChapterList.Chapter chapter = chapters.get(i);
            String name = chapterFileName(i, chapter.title());
            AtomicFiles.write(dir.resolve(name), out -> MarkdownChapter.write(out, chapter.title(),
                    chapter.firstPage(), chapter.lastPage(), pages, running));
            written.add(name);
        }
        removeOtherChapterFiles(dir, written);
    }

    // A chapter file that is not part of this result (left by an earlier version of the chapter split)
    // would be mistaken for one; the result is exactly what document.json lists.
    private static void removeOtherChapterFiles(Path dir, Set<String> keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.md")) {
            for (Path file : files) {
                if (!keep.contains(file.getFileName().toString())) Files.deleteIfExists(file);
            }
        }
    }

    private static ObjectNode document(DocumentInfo info, ChapterList chapters, ChapterSummaries summaries) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("pages", info.pages());
        root.put("title", info.title());
        root.put("author", info.author());
        ArrayNode list = root.putArray("chapters");
        for (int i = 0; i < chapters.chapters().size(); i++) {
            ChapterList.Chapter chapter = chapters.chapters().get(i);
            ObjectNode node = list.addObject();
            node.put("title", chapter.title());
            node.put("first_page", chapter.firstPage());
            node.put("last_page", chapter.lastPage());
            node.put("words", chapter.words());
            String summary = summaries.forChapter(i);
            if (summary != null) node.put("summary", summary);
        }
        return root;
    }
}
