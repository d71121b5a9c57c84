package dev.cairn.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a PDF object by object, with a correct cross-reference table, for documents PDFBox would refuse
 * to produce: page trees that lie about their size, outlines thousands of levels deep, streams that
 * inflate a thousandfold. Object {@code n} is the n-th {@link #add} (from 1); object 1 should be the
 * catalog, which the trailer names as {@code /Root}.
 */
public final class RawPdf {

    private final List<byte[]> objects = new ArrayList<>();
    private int info;

    /**
     * @param dictionary an object's text, e.g. {@code << /Type /Catalog /Pages 2 0 R >>}
     * @return its object number
     */
    public int add(String dictionary) {
        objects.add(latin1(dictionary));
        return objects.size();
    }

    /**
     * Adds a stream object; {@code /Length} is filled in.
     *
     * @param dictionaryEntries the stream dictionary's entries without {@code /Length}, e.g. {@code /Filter /FlateDecode}
     * @param data              the stream's (already encoded) bytes
     * @return its object number
     */
    public int addStream(String dictionaryEntries, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
        out.writeBytes(latin1("<< " + dictionaryEntries + " /Length " + data.length + " >>\nstream\n"));
        out.writeBytes(data);
        out.writeBytes(latin1("\nendstream"));
        objects.add(out.toByteArray());
        return objects.size();
    }

    /** @param object the document information dictionary, named as {@code /Info} in the trailer */
    public void info(int object) {
        this.info = object;
    }

    /** @return the next object number {@link #add} will hand out, for forward references */
    public int next() {
        return objects.size() + 1;
    }

    /** @return the whole file: header, objects, xref table, trailer, {@code %%EOF} */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] offsets = writeObjects(out);
        long xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int i = 1; i <= objects.size(); i++) table.append(String.format("%010d 00000 n \n", offsets[i]));
        table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R")
                .append(info > 0 ? " /Info " + info + " 0 R" : "").append(" >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        out.writeBytes(latin1(table.toString()));
        return out.toByteArray();
    }

    /**
     * The file with a cross-reference stream (PDF 1.5) instead of a table, its entries followed by
     * {@code padding} zero bytes inside the compressed stream: PDFBox inflates the whole stream into
     * memory while it opens the file.
     *
     * @param padding zero bytes after the entries, e.g. 500 MB for a decompression bomb in the loader
     * @return the whole file
     */
    public byte[] bytesWithXrefStream(long padding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] offsets = writeObjects(out);
        int xrefObject = objects.size() + 1;
        long xref = out.size();
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        entries.writeBytes(new byte[] {0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
        for (int i = 1; i <= xrefObject; i++) {
            long offset = i < xrefObject ? offsets[i] : xref;
            entries.writeBytes(new byte[] {1, (byte) (offset >> 24), (byte) (offset >> 16), (byte) (offset >> 8), (byte) offset, 0, 0});
        }
        byte[] head = entries.toByteArray();
        byte[] data = deflate(new String(head, StandardCharsets.ISO_8859_1), "\0", head.length + padding);
        out.writeBytes(latin1(xrefObject + " 0 obj\n<< /Type /XRef /Size " + (xrefObject + 1) + " /W [1 4 2] /Root 1 0 R"
                + " /Filter /FlateDecode /Length " + data.length + " >>\nstream\n"));
        out.writeBytes(data);
        out.writeBytes(latin1("\nendstream\nendobj\nstartxref\n" + xref + "\n%%EOF\n"));
        return out.toByteArray();
    }

    private long[] writeObjects(ByteArrayOutputStream out) {
        out.writeBytes(latin1("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"));
        long[] offsets = new long[objects.size() + 1];
        for (int i = 0; i < objects.size(); i++) {
            offsets[i + 1] = out.size();
            out.writeBytes(latin1((i + 1) + " 0 obj\n"));
            out.writeBytes(objects.get(i));
            out.writeBytes(latin1("\nendobj\n"));
        }
        return offsets;
    }

    /**
     * @param prefix  written once, first
     * @param pattern repeated until {@code decodedBytes} bytes (in all) are compressed
     * @param decodedBytes how large the stream is once inflated
     * @return the FlateDecode-compressed bytes: about a thousandth of {@code decodedBytes} for a repetitive pattern
     */
    public static byte[] deflate(String prefix, String pattern, long decodedBytes) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            byte[] head = latin1(prefix);
            out.write(head);
            byte[] unit = latin1(pattern);
            byte[] chunk = new byte[Math.max(unit.length, (1 << 20) / unit.length * unit.length)];
            for (int i = 0; i < chunk.length; i++) chunk[i] = unit[i % unit.length];
            for (long left = decodedBytes - head.length; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
