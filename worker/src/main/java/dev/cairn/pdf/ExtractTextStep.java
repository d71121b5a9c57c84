package dev.cairn.pdf;

import dev.cairn.api.CairnException;
import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.config.PdfSettings;
import dev.cairn.pdf.internal.DocumentInfo;
import dev.cairn.pdf.internal.Json;
import dev.cairn.pdf.internal.PageTextExtractor;
import dev.cairn.pdf.internal.PageTextFiles;
import dev.cairn.pdf.internal.PdfDocuments;
import dev.cairn.pdf.internal.PendingPages;
import dev.cairn.pdf.internal.ReadGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * {@code extract-text}: writes each page's text to {@code text/page-NNNN.txt} (raw, as PDFBox writes
 * it) and {@code paragraphs/page-NNNN.txt} (the same lines divided into paragraphs by their positions,
 * which {@code write-result} turns into Markdown), and saves the cursor (the next page, 1-based), so a
 * worker killed mid-document resumes where it stopped.
 *
 * <p>Pages are written in batches ({@link PendingPages}: up to {@value PendingPages#MAX_PAGES} pages or
 * {@value PendingPages#MAX_MILLIS} ms of extraction), each followed by one checkpoint, so every page before
 * the cursor has its files and a crash costs at most the batch in flight extracted again.
 * The document is read in one streaming pass (see {@link PageTextExtractor}) with decoded streams
 * cached on disk, so time is linear and memory flat in the page count.
 *
 * <p>Each page must be extracted within {@link PdfLimits#pageTimeout()}, and the text of the whole
 * document may not exceed {@link PdfLimits#maxTextBytes()} (pages already extracted by an earlier run
 * count too); over either, the job fails permanently naming the page and the setting. A page that
 * overruns its time is not retried: the same page would stall the same way on every attempt.
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
        Files.createDirectories(files.paragraphsDir());

        try (ReadGuard guard = ReadGuard.enter()) {
            PDDocument document = PdfDocuments.open(file, limits);
            try {
                int pages = PdfDocuments.pages(document);
                if (pages != info.pages()) {
                    throw CairnException.permanent("the file changed after it was inspected: it had " + info.pages()
                            + " pages, now " + pages);
                }
                int first = firstPage(context.cursor(), pages);
                if (first <= pages) extract(document, first, files, context, pages, guard);
            } finally {
                PdfDocuments.close(document);
            }
        }
    }

    private void extract(PDDocument document, int first, PageTextFiles files, StepContext context, int pages,
                         ReadGuard guard) throws Exception {
        long[] textBytes = {textBytesBefore(files, first)};
        PendingPages batch = new PendingPages(files, System.nanoTime());
        try {
            new PageTextExtractor(guard, limits.pageTimeout(), PdfSettings.PAGE_TIMEOUT).extract(document, first, pages,
                    (page, text, paragraphs) -> {
                        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                        textBytes[0] += bytes.length;
                        if (textBytes[0] > limits.maxTextBytes()) {
                            // why save first: a retry from the DLQ after the limit was raised resumes after the pages done
                            if (!batch.isEmpty()) save(batch, context, pages, System.nanoTime());
                            throw CairnException.permanent("the text extracted up to page " + page + " of " + pages
                                    + " is larger than " + PdfSettings.MAX_TEXT_MB + " (" + size(limits.maxTextBytes()) + ")");
                        }
                        batch.add(page, bytes, paragraphs);
                        long now = System.nanoTime();
                        // the extractor hands over every page up to the last, so the last batch is saved here too
                        if (page == pages || batch.isDue(now)) save(batch, context, pages, now);
                    });
            guard.rethrow(); // a limit PDFBox caught on the way and carried on past
        } catch (PageTextExtractor.SinkFailure e) {
            // Our own failure (writing a page file, a checkpoint that says stop, the text limit): rethrow it
            // as it was, so the engine sees a reschedule as a reschedule and a disk error as retryable.
            throw e.sinkException();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // PDFBox failed on the document, or a page is over a limit: retrying cannot help
            throw PdfDocuments.failure(e, guard);
        }
    }

    // Files first, then checkpoint: a saved cursor never runs ahead of the files.
    private static void save(PendingPages batch, StepContext context, int pages, long now) throws IOException {
        int last = batch.lastPage();
        batch.write(now);
        context.checkpoint(String.valueOf(last + 1), (double) last / pages);
    }

    private static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MB" : bytes + " bytes";
    }

    // The text a resumed run already extracted counts against the limit: otherwise a document could
    // exceed it by being interrupted often enough.
    private static long textBytesBefore(PageTextFiles files, int first) throws IOException {
        long total = 0;
        for (int page = 1; page < first; page++) {
            if (Files.isRegularFile(files.file(page))) total += Files.size(files.file(page));
        }
        return total;
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
