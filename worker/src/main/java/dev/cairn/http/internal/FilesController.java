package dev.cairn.http.internal;

import dev.cairn.pdf.PdfCheck;
import dev.cairn.pdf.PdfLimits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/files}: stores the body under the input dir and answers with its name. The body is
 * streamed to a temporary file while counting, so a huge or endless upload costs neither memory nor
 * more disk than the limit; only a complete upload is moved into place, atomically, so a pipeline
 * never sees half a file. Before that, the file is opened as the {@code inspect} step would ({@link PdfCheck}): a
 * file that is no PDF is 415 {@code not_a_pdf}, a PDF the pipeline cannot use (encrypted with a password,
 * truncated, corrupt, no pages, too many) 422 {@code unusable_pdf} with the reason, and neither is kept, so a
 * producer learns at once instead of from a failed job.
 */
public final class FilesController {

    private static final Logger log = LoggerFactory.getLogger(FilesController.class);
    static final Set<String> ACCEPTED = Set.of("application/pdf", "application/octet-stream");

    private final Path inputDir;
    private final long maxBytes;
    private final PdfLimits limits;

    /**
     * @param inputDir where uploads land ({@code CAIRN_INPUT_DIR})
     * @param limits   the pipeline's limits; its file size is the largest accepted upload ({@code CAIRN_MAX_UPLOAD_MB})
     */
    public FilesController(Path inputDir, PdfLimits limits) {
        this.inputDir = inputDir.toAbsolutePath().normalize();
        this.limits = limits;
        this.maxBytes = limits.maxFileBytes();
    }

    /** @param app registers the route */
    public void register(Javalin app) {
        app.post("/api/files", this::upload);
    }

    private void upload(Context ctx) throws IOException {
        String type = RequestBodies.mediaType(ctx);
        if (type == null || !ACCEPTED.contains(type)) {
            throw ApiException.unsupportedMediaType("upload the PDF bytes as the body with Content-Type: application/pdf"
                    + (type == null ? "" : ", got '" + type + "'"));
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge();
        if (declared == 0) throw emptyFile();

        String name = UploadNames.unique(ctx.queryParam("name"));
        Path target = inputDir.resolve(name).normalize();
        if (!inputDir.equals(target.getParent())) {
            // why: cannot happen after sanitizing; a second fence because a slip here writes anywhere on disk
            throw new IllegalStateException("upload name escaped the input dir: " + name);
        }
        Files.createDirectories(inputDir);
        // why: not createTempFile, whose 0600 mode would hide the upload from workers sharing the volume under another uid
        Path partial = inputDir.resolve("." + name + ".part");
        int pages;
        try {
            long size = copy(ctx, partial);
            if (size == 0) throw emptyFile();
            pages = switch (PdfCheck.check(partial, limits)) {
                case PdfCheck.Usable usable -> usable.pages();
                case PdfCheck.NotPdf notPdf -> throw new ApiException(415, ErrorCodes.NOT_A_PDF, notPdf.reason()
                        + "; the pdf-processing pipeline reads PDF files only (nothing was stored)");
                case PdfCheck.Unusable unusable -> throw new ApiException(422, ErrorCodes.UNUSABLE_PDF, unusable.reason()
                        + " (nothing was stored)");
            };
            move(partial, target);
            log.info("stored upload {} ({} bytes, {} pages)", name, size, pages);
        } finally {
            Files.deleteIfExists(partial);
        }
        ctx.status(201).json(Map.of("file", name, "pages", pages));
    }

    /** Streams the body into {@code file}; stops as soon as it passes the limit. */
    private long copy(Context ctx, Path file) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = ctx.req().getInputStream();
             OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    // why: a client that hangs up mid-upload is its problem, not a server error worth a stack trace
                    throw ApiException.badRequest("the upload ended before the whole body arrived");
                }
                if (n == -1) return total;
                total += n;
                if (total > maxBytes) throw tooLarge();
                out.write(buffer, 0, n);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private ApiException tooLarge() {
        return ApiException.tooLarge("the file is larger than the worker accepts (" + describe(maxBytes)
                + "; raise CAIRN_MAX_UPLOAD_MB to allow more)");
    }

    private static ApiException emptyFile() {
        return new ApiException(400, ErrorCodes.EMPTY_FILE, "the upload is empty; send the PDF's bytes as the request body");
    }

    private static String describe(long bytes) {
        long mib = 1024L * 1024L;
        return bytes % mib == 0 ? (bytes / mib) + " MB" : bytes + " bytes";
    }
}
