package dev.cairn.pdf.internal;

import dev.cairn.api.CairnException;
import dev.cairn.config.PdfSettings;
import dev.cairn.pdf.PdfLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Opens an input PDF for reading, turning every way a file can be unusable into a permanent
 * {@link CairnException} with a sentence a user can act on. No PDFBox exception leaves this class.
 *
 * <p>The cheap byte-level checks run before PDFBox: PDFBox is lenient and would "repair" a truncated
 * file or scan a text file for objects, which only produces confusing errors further on.
 *
 * <p>PDFBox runs under a {@link ReadGuard} (the caller's, else one of its own while loading), so a
 * decompression bomb in a cross-reference or object stream fails the document instead of the worker.
 * Page counts come from the page tree itself ({@link #pages}), never from the {@code /Count} it claims.
 */
public final class PdfDocuments {

    private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EOF_MARKER = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_WINDOW = 1024;
    private static final int TRAILER_WINDOW = 2048;

    private PdfDocuments() {
    }

    /**
     * @param file   an existing file inside the input dir
     * @param limits size limits to enforce
     * @return the open document (close it); holds the file open, not its content in memory
     * @throws CairnException permanent, with a readable reason, when the file is not a usable PDF
     */
    public static PDDocument open(Path file, PdfLimits limits) {
        checkBytes(file, limits);
        ReadGuard outer = ReadGuard.current();
        ReadGuard guard = outer != null ? outer : ReadGuard.enter();
        try {
            PDDocument document = load(file, guard);
            try {
                int pages = PageTree.count(document, limits.maxPages(), PdfSettings.MAX_PAGES);
                if (pages == 0) throw CairnException.permanent("the PDF has no pages");
                guard.rethrow();
                return document;
            } catch (RuntimeException | StackOverflowError e) {
                closeQuietly(document);
                throw failure(e, guard);
            }
        } finally {
            if (outer == null) guard.close();
        }
    }

    /**
     * @param document a document from {@link #open}, whose page tree it checked
     * @return its number of pages, as the text extraction will number them
     */
    public static int pages(PDDocument document) {
        int pages = 0;
        for (PDPage ignored : document.getPages()) pages++;
        return pages;
    }

    /**
     * Work done on an open document, for {@link #read(Path, PdfLimits, DocumentWork)}.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface DocumentWork<T> {
        /**
         * @param document the open document
         * @return the result
         * @throws IOException when PDFBox fails on the document
         */
        T apply(PDDocument document) throws IOException;
    }

    /**
     * Opens a PDF, does {@code work} on it and closes it. Errors PDFBox raises during the work
     * (checked or not) become the permanent "truncated or corrupt" error; a {@link CairnException}
     * thrown by the work passes through unchanged, so the work decides about its own failures.
     *
     * @param file   an existing file inside the input dir
     * @param limits size limits to enforce
     * @param work   what to do with the document
     * @param <T>    the result type
     * @return what {@code work} returned
     */
    public static <T> T read(Path file, PdfLimits limits, DocumentWork<T> work) {
        try (ReadGuard guard = ReadGuard.enter()) {
            PDDocument document = open(file, limits);
            try {
                T result = work.apply(document);
                guard.rethrow(); // a limit PDFBox caught on the way and carried on past
                return result;
            } catch (IOException | RuntimeException | StackOverflowError e) {
                throw failure(e, guard);
            } finally {
                closeQuietly(document);
            }
        }
    }

    /**
     * What to throw for an error that escaped PDFBox while the document was read under {@code guard}:
     * the error itself when it is already Cairn's, the limit the guard saw hit (PDFBox may have wrapped
     * it or failed further on because of it), else "truncated or corrupt". A stack overflow counts as
     * corrupt: PDFBox recurses into nested structures, and only a file built to crash readers nests
     * them that deep.
     *
     * @param error what escaped
     * @param guard the guard the document was read under
     * @return the permanent (or, for Cairn's own errors, unchanged) error to throw
     */
    public static CairnException failure(Throwable error, ReadGuard guard) {
        if (error instanceof CairnException e) return e;
        guard.rethrow();
        return corrupt(error);
    }

    /**
     * @param cause what PDFBox (or the file system) reported
     * @return the permanent error for a file PDFBox cannot make sense of
     */
    public static CairnException corrupt(Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return CairnException.permanent("the PDF is truncated or corrupt: " + detail, cause);
    }

    /**
     * @param file a file
     * @return whether it has a {@code %PDF-} header where readers look for one (its first 1 KiB): a file without
     *         one is not a PDF at all, as opposed to a PDF that is damaged
     * @throws IOException when the file cannot be read
     */
    public static boolean hasPdfHeader(Path file) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            return indexOf(read(channel, 0, (int) Math.min(channel.size(), HEADER_WINDOW)), HEADER) >= 0;
        }
    }

    private static void checkBytes(Path file, PdfLimits limits) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size == 0) throw CairnException.permanent("the file is empty");
            if (size > limits.maxFileBytes()) {
                throw CairnException.permanent("the file is " + size + " bytes, more than the limit of "
                        + limits.maxFileBytes() + " bytes set by CAIRN_MAX_UPLOAD_MB");
            }
            byte[] head = read(channel, 0, (int) Math.min(size, HEADER_WINDOW));
            if (indexOf(head, HEADER) < 0) {
                throw CairnException.permanent("not a PDF: no %PDF- header in the first " + HEADER_WINDOW
                        + " bytes (the file starts with " + printable(head) + ")");
            }
            int tailLength = (int) Math.min(size, TRAILER_WINDOW);
            byte[] tail = read(channel, size - tailLength, tailLength);
            if (indexOf(tail, EOF_MARKER) < 0) {
                throw CairnException.permanent(
                        "the PDF is truncated or corrupt: no %%EOF marker at the end of the file");
            }
        } catch (IOException e) {
            // The file exists (the payload check found it), so failing to read it is not transient.
            throw CairnException.permanent("the file cannot be read: " + e.getMessage(), e);
        }
    }

    private static PDDocument load(Path file, ReadGuard guard) {
        RandomAccessReadBufferedFile source = null;
        try {
            source = new RandomAccessReadBufferedFile(file);
            // Temp-file stream cache: decoded streams go to disk, so memory stays flat in page count.
            return Loader.loadPDF(source, "", null, null, IOUtils.createTempFileOnlyStreamCache());
        } catch (InvalidPasswordException e) {
            closeQuietly(source);
            throw CairnException.permanent("the PDF is encrypted with a password", e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // Loader does not close the source when parsing fails.
            closeQuietly(source);
            throw failure(e, guard);
        }
    }

    private static byte[] read(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(position);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading: a channel may return fewer bytes than asked
        }
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    // A short, safe preview of the first bytes, so "not a PDF" says what the file looks like instead.
    private static String printable(byte[] head) {
        StringBuilder preview = new StringBuilder("'");
        for (int i = 0; i < Math.min(head.length, 16); i++) {
            int b = head[i] & 0xff;
            preview.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : ".");
        }
        return preview.append(head.length > 16 ? "…'" : "'").toString();
    }

    /**
     * Closes a document opened by {@link #open}, ignoring errors: it was only read, so nothing is lost.
     *
     * @param document the document, may be {@code null}
     */
    public static void close(PDDocument document) {
        closeQuietly(document);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) return;
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing useful to do: the document is being discarded after another error
        }
    }
}
