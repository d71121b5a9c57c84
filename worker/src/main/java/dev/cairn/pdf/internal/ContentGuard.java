package dev.cairn.pdf.internal;

import java.io.IOException;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;

/**
 * A content stream as the content parser reads it, reporting every byte consumed to a
 * {@link ReadGuard}: that is how a page whose content is a terabyte of blanks (no operator for PDFBox to
 * dispatch, nothing decoded into memory) still meets its deadline, and how operands piling up without
 * an operator are stopped before they fill the heap.
 */
final class ContentGuard implements RandomAccessRead {

    private final RandomAccessRead content;
    private final ReadGuard guard;

    ContentGuard(RandomAccessRead content, ReadGuard guard) {
        this.content = content;
        this.guard = guard;
    }

    @Override
    public int read() throws IOException {
        int b = content.read();
        if (b >= 0) guard.contentRead(1);
        return b;
    }

    @Override
    public int read(byte[] b, int offset, int length) throws IOException {
        int n = content.read(b, offset, length);
        if (n > 0) guard.contentRead(n);
        return n;
    }

    @Override
    public void rewind(int bytes) throws IOException {
        content.rewind(bytes);
        guard.contentRead(-bytes);
    }

    @Override
    public void seek(long position) throws IOException {
        long from = content.getPosition();
        content.seek(position);
        guard.contentRead(position - from);
    }

    @Override
    public void skip(int length) throws IOException {
        content.skip(length);
        guard.contentRead(length);
    }

    @Override
    public int peek() throws IOException {
        return content.peek();
    }

    @Override
    public long getPosition() throws IOException {
        return content.getPosition();
    }

    @Override
    public long length() throws IOException {
        return content.length();
    }

    @Override
    public boolean isClosed() {
        return content.isClosed();
    }

    @Override
    public boolean isEOF() throws IOException {
        return content.isEOF();
    }

    @Override
    public int available() throws IOException {
        return content.available();
    }

    @Override
    public RandomAccessReadView createView(long startPosition, long streamLength) throws IOException {
        return content.createView(startPosition, streamLength);
    }

    @Override
    public void close() throws IOException {
        content.close();
    }
}
