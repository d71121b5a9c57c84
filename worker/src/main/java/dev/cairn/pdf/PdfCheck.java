package dev.cairn.pdf;

import dev.cairn.api.CairnException;
import dev.cairn.pdf.internal.PdfDocuments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The check {@code POST /api/files} makes before it keeps an upload: the same opening the {@code inspect} step does
 * (header, trailer, password, a readable page tree within {@code CAIRN_PDF_MAX_PAGES}; bounded, no text read), so a
 * file the pipeline would refuse is refused at the door, with the same reason, instead of failing a job later.
 */
public final class PdfCheck {

    private PdfCheck() {
    }

    /** What the check found. */
    public sealed interface Result {
    }

    /**
     * A PDF the pipeline can read.
     *
     * @param pages its number of pages
     */
    public record Usable(int pages) implements Result {
    }

    /**
     * Not a PDF at all (no {@code %PDF-} header).
     *
     * @param reason a sentence naming the problem
     */
    public record NotPdf(String reason) implements Result {
        public NotPdf {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A PDF the pipeline cannot use: encrypted with a password, truncated, corrupt, without pages, over a limit.
     *
     * @param reason a sentence naming the problem, as the job would have failed with it
     */
    public record Unusable(String reason) implements Result {
        public Unusable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * @param file   the uploaded file
     * @param limits the pipeline's limits
     * @return what the file is
     */
    public static Result check(Path file, PdfLimits limits) {
        try {
            if (!PdfDocuments.hasPdfHeader(file)) {
                return new NotPdf("not a PDF: the file has no %PDF- header in its first 1024 bytes");
            }
            return new Usable(PdfDocuments.read(file, limits, PdfDocuments::pages));
        } catch (IOException e) {
            return new Unusable("the file cannot be read: " + e.getMessage());
        } catch (CairnException e) {
            return new Unusable(e.getMessage());
        }
    }
}
