package dev.cairn.pdf;

import dev.cairn.api.pipeline.Step;
import dev.cairn.api.pipeline.StepContext;
import dev.cairn.pdf.internal.DocumentInfo;
import dev.cairn.pdf.internal.Json;
import dev.cairn.pdf.internal.OutlineReader;
import dev.cairn.pdf.internal.PdfDocuments;
import dev.cairn.pdf.internal.Text;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * {@code inspect}: opens the PDF, rejects unusable input with a permanent error (empty, not a PDF,
 * truncated, corrupt, password-protected, no pages, over a limit) and records the page count, title,
 * author and chapter-level bookmarks as a {@link DocumentInfo} JSON output.
 *
 * <p>It runs first so that bad input fails the job in seconds, before any output is written.
 */
final class InspectStep implements Step {

    private final Path inputDir;
    private final PdfLimits limits;

    InspectStep(Path inputDir, PdfLimits limits) {
        this.inputDir = inputDir;
        this.limits = limits;
    }

    @Override
    public String name() {
        return PdfProcessingPipeline.INSPECT;
    }

    @Override
    public void run(StepContext context) {
        Path file = PdfProcessingPipeline.resolveInput(inputDir, context.payload().requireString("file"));
        DocumentInfo info = PdfDocuments.read(file, limits, document -> {
            PDDocumentInformation metadata = document.getDocumentInformation();
            return new DocumentInfo(
                    PdfDocuments.pages(document),
                    Text.cleanOrNull(metadata.getTitle()),
                    Text.cleanOrNull(metadata.getAuthor()),
                    document.isEncrypted(),
                    new OutlineReader(document, limits.maxOutlineEntries()).read());
        });
        context.setOutput(Json.compact(info));
    }
}
