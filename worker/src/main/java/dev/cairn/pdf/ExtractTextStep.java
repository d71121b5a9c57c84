package dev.cairn.pdf;

import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.pdf.internal.DocumentInfo;
import dev.cairn.pdf.internal.Json;
import dev.cairn.pdf.internal.PageTextExtractor;
import dev.cairn.pdf.internal.PageTextFiles;
import dev.cairn.pdf.internal.PdfDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * {@code extract-text}: writes each page's text to {@code text/page-NNNN.txt} and saves the cursor
 * (the next page, 1-based) after every page, so a worker killed mid-document resumes where it stopped.
 *
 * <p>A page's checkpoint is saved right after its file is completely written (atomically), so every
 * page before the cursor has its file and at most the page in flight is extracted again after a crash.
 * The document is read in one streaming pass (see {@link PageTextExtractor}) with decoded streams
 * cached on disk, so time is linear and memory flat in the page count.
 */
final class ExtractTextStep implements Step {

    private final Path inputDir;
    private final PdfLimits limits;

    ExtractTextStep(Path inputDir, PdfLimits limits) {
        this.inputDir = inputDir;
        this.limits = limits;
    }

    @Override
    public String name() {
        return PdfProcessingPipeline.EXTRACT_TEXT;
    }

    @Override
    public void run(StepContext context) throws Exception {
        Path file = PdfProcessingPipeline.resolveInput(inputDir, context.payload().requireString("file"));
        DocumentInfo info = Json.readStepOutput(PdfProcessingPipeline.INSPECT,
                context.output(PdfProcessingPipeline.INSPECT).orElse(null), DocumentInfo.class);
        PageTextFiles files = new PageTextFiles(context.outputDir());
        Files.createDirectories(files.dir());

        PDDocument document = PdfDocuments.open(file, limits);
        try {
            int pages = document.getNumberOfPages();
            if (pages != info.pages()) {
                throw CairnException.permanent("the file changed after it was inspected: it had " + info.pages()
                        + " pages, now " + pages);
            }
            int first = firstPage(context.cursor(), pages);
            if (first <= pages) extract(document, first, files, context, pages);
        } finally {
            PdfDocuments.close(document);
        }
    }

    private static void extract(PDDocument document, int first, PageTextFiles files, StepContext context, int pages)
            throws Exception {
        try {
            new PageTextExtractor().extract(document, first, (page, text) -> {
                // File first, then checkpoint: a saved cursor never runs ahead of the files. A plain write
                // (no temp file + rename) is enough: a page torn by a crash lies at or after the saved
                // cursor, so the resumed run writes it again, and the rename would cost ~10% of the step.
                Files.writeString(files.file(page), text, StandardCharsets.UTF_8);
                context.checkpoint(String.valueOf(page + 1), (double) page / pages);
            });
        } catch (PageTextExtractor.SinkFailure e) {
            // Our own failure (writing a page file, a checkpoint that says stop): rethrow it as it was,
            // so the engine sees a reschedule as a reschedule and a disk error as retryable.
            throw e.sinkException();
        } catch (IOException | RuntimeException e) {
            throw PdfDocuments.corrupt(e); // PDFBox failed on the document: retrying cannot help
        }
    }

    // A cursor this step did not write (garbage, out of range) restarts the document: redoing pages is
    // safe, skipping them is not.
    private static int firstPage(Optional<String> cursor, int pages) {
        if (cursor.isEmpty()) return 1;
        try {
            int next = Integer.parseInt(cursor.get().trim());
            return next >= 1 && next <= pages + 1 ? next : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
