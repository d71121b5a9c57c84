package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.CairnException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.filter.FilterFactory;
import org.junit.jupiter.api.Test;

/**
 * The size limit on decoded streams depends on wrapping PDFBox's decoders by reflection: this fails
 * when a PDFBox upgrade breaks that, instead of the worker silently losing its guard.
 */
class BoundedFiltersTest {

    @Test
    void shouldWrapPdfboxDecoders() {
        assertThat(BoundedFilters.isActive()).isTrue();
    }

    @Test
    void shouldStopADecodePastTheLimitOnAGuardedThreadOnly() throws Exception {
        byte[] bomb = deflate(ReadGuard.MAX_STREAM_BYTES + 1);

        try (ReadGuard guard = ReadGuard.enter()) {
            assertThatThrownBy(() -> decode(bomb, OutputStream.nullOutputStream()))
                    .isInstanceOf(CairnException.class)
                    .hasMessageStartingWith("a compressed stream in the PDF inflates to more than");
            assertThatThrownBy(guard::rethrow).isInstanceOf(CairnException.class);
        }
        // outside a guard (PDFBox used for anything else) nothing changes
        CountingStream all = new CountingStream();
        decode(bomb, all);
        assertThat(all.count).isEqualTo(ReadGuard.MAX_STREAM_BYTES + 1);
    }

    private static void decode(byte[] data, OutputStream out) throws Exception {
        ReadGuard.enter().close(); // installs the wrappers
        FilterFactory.INSTANCE.getFilter(COSName.FLATE_DECODE).decode(new ByteArrayInputStream(data), out, new COSDictionary(), 0);
    }

    private static byte[] deflate(long size) throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed)) {
            byte[] chunk = new byte[1 << 20];
            for (long left = size; left > 0; left -= chunk.length) out.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
        return compressed.toByteArray();
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
