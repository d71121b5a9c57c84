package dev.cairn.pdf.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.Map;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.filter.DecodeOptions;
import org.apache.pdfbox.filter.DecodeResult;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a size limit on every stream PDFBox decodes, by wrapping the decoders in PDFBox's
 * {@link FilterFactory}. PDFBox decodes most streams (cross-reference and object streams, fonts, form
 * XObjects, content split into several streams or with a filter array) completely into memory, so a
 * 1 MB stream that inflates a thousandfold ran the worker out of memory; PDFBox offers no limit of its
 * own and no way to register a filter, hence the reflection.
 *
 * <p>The wrappers only count: on a thread with a {@link ReadGuard} they report each decoded chunk to it,
 * which stops the decode past {@link ReadGuard#MAX_STREAM_BYTES}; elsewhere (PDFBox used to write PDFs)
 * they change nothing. {@code ReadGuardTest} fails if a PDFBox upgrade makes the installation fail.
 */
final class BoundedFilters {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedFilters.class);
    private static volatile boolean installed;
    private static volatile boolean active;

    private BoundedFilters() {
    }

    /** Wraps PDFBox's decoders, once per JVM. A failure is logged and leaves PDFBox unguarded. */
    static void install() {
        if (installed) return;
        synchronized (BoundedFilters.class) {
            if (installed) return;
            installed = true;
            try {
                Field field = FilterFactory.class.getDeclaredField("filters");
                field.setAccessible(true);
                @SuppressWarnings("unchecked")
                Map<COSName, Filter> filters = (Map<COSName, Filter>) field.get(FilterFactory.INSTANCE);
                // why: replacing the value of an existing key never resizes the map, so threads reading
                // it meanwhile see either the old decoder or the wrapper, both correct
                for (Map.Entry<COSName, Filter> entry : filters.entrySet()) {
                    if (!(entry.getValue() instanceof Bounded) && !COSName.CRYPT.equals(entry.getKey())) {
                        entry.setValue(new Bounded(entry.getValue()));
                    }
                }
                active = true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.error("Cannot limit the size of decoded PDF streams (PDFBox changed?); a PDF with a "
                        + "decompression bomb can exhaust the worker's memory", e);
            }
        }
    }

    /** @return whether PDFBox's decoders are wrapped */
    static boolean isActive() {
        install();
        return active;
    }

    /** A decoder whose output is counted against the current {@link ReadGuard}. */
    private static final class Bounded extends Filter {

        private final Filter decoder;

        Bounded(Filter decoder) {
            this.decoder = decoder;
        }

        @Override
        public DecodeResult decode(InputStream encoded, OutputStream decoded, COSDictionary parameters, int index)
                throws IOException {
            return decoder.decode(encoded, counted(decoded), parameters, index);
        }

        @Override
        public DecodeResult decode(InputStream encoded, OutputStream decoded, COSDictionary parameters, int index,
                                   DecodeOptions options) throws IOException {
            return decoder.decode(encoded, counted(decoded), parameters, index, options);
        }

        @Override
        protected void encode(InputStream input, OutputStream encoded, COSDictionary parameters) throws IOException {
            decoder.encode(input, encoded, parameters, 0);
        }

        private static OutputStream counted(OutputStream out) {
            ReadGuard guard = ReadGuard.current();
            return guard == null ? out : new Counting(out, guard);
        }
    }

    /** Reports every write to the guard before passing it on. */
    private static final class Counting extends FilterOutputStream {

        private final ReadGuard guard;
        private long total;

        Counting(OutputStream out, ReadGuard guard) {
            super(out);
            this.guard = guard;
        }

        @Override
        public void write(int b) throws IOException {
            guard.decoded(1, ++total);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            total += len;
            guard.decoded(len, total);
            out.write(b, off, len);
        }
    }
}
