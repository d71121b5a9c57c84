package dev.cairn.pdf;

import dev.cairn.testing.HostilePdfs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic damage to PDF bytes for the fuzz test: the same {@link Random} seed always gives the same
 * document, so a failing case is reproduced from its seed alone. Each mutation names itself, so a
 * failure report says what was done to which seed document.
 */
final class PdfMutations {

    /** A mutated document and how it was made. */
    record Mutant(String description, byte[] bytes) {
    }

    private static final byte[] EOF = "\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    /** Numbers that break assumptions: counts, lengths, offsets, object numbers. */
    private static final String[] EXTREME_NUMBERS = {"0", "-1", "-5", "1", "2147483647", "-2147483648", "4294967296",
            "99999999999999999999", "100000000", "1e308", "0.000001", "-0", "65535", "3.4e38"};
    /** Names whose swap confuses the structure: a page tree that is a page, an outline that is a page tree. */
    private static final String[] NAMES = {"/Pages", "/Page", "/Kids", "/Count", "/Contents", "/Parent", "/Filter",
            "/FlateDecode", "/LZWDecode", "/ASCII85Decode", "/Outlines", "/First", "/Next", "/Last", "/Dest", "/Type",
            "/Resources", "/Font", "/XObject", "/Length", "/Root", "/Prev", "/ObjStm", "/XRef", "/Encrypt"};

    private PdfMutations() {
    }

    /**
     * One to three random mutations of a random seed document; sometimes a generated hostile document, a
     * splice of two seeds, or no PDF at all.
     *
     * @param seeds  well-formed documents to start from
     * @param random the case's random source
     * @return the case
     */
    static Mutant next(List<byte[]> seeds, Random random) {
        int roll = random.nextInt(100);
        if (roll < 3) return new Mutant("empty file", new byte[0]);
        if (roll < 6) return new Mutant("random bytes", randomBytes(random, 1 + random.nextInt(4096)));
        if (roll < 9) return new Mutant("garbage between a header and %%EOF", withHeaderAndEof(randomBytes(random, random.nextInt(8192))));
        if (roll < 27) return hostile(random);
        int index = random.nextInt(seeds.size());
        byte[] bytes = seeds.get(index);
        StringBuilder description = new StringBuilder("seed ").append(index);
        if (roll < 35) {
            int other = random.nextInt(seeds.size());
            bytes = splice(bytes, seeds.get(other), random);
            description.append(" spliced with seed ").append(other);
        }
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            Mutant mutant = mutate(bytes, random);
            bytes = mutant.bytes();
            description.append(", ").append(mutant.description());
        }
        // why: without %%EOF the byte check refuses the file before PDFBox sees it; most cases should reach PDFBox
        if (random.nextInt(10) < 8 && !endsWithEof(bytes)) {
            bytes = concat(bytes, EOF);
            description.append(", %%EOF appended");
        }
        return new Mutant(description.toString(), bytes);
    }

    private static Mutant mutate(byte[] in, Random random) {
        byte[] out = in.clone();
        switch (random.nextInt(9)) {
            case 0 -> {
                int flips = 1 + random.nextInt(32);
                for (int i = 0; i < flips && out.length > 0; i++) out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                return new Mutant(flips + " bit flips", out);
            }
            case 1 -> {
                int at = random.nextInt(Math.max(1, out.length));
                int length = Math.min(out.length - at, 1 + random.nextInt(64));
                for (int i = 0; i < length; i++) out[at + i] = (byte) random.nextInt(256);
                return new Mutant(length + " random bytes at " + at, out);
            }
            case 2 -> {
                int at = random.nextInt(Math.max(1, out.length));
                return new Mutant("truncated at " + at, Arrays.copyOf(out, at));
            }
            case 3 -> {
                return removeXref(out);
            }
            case 4 -> {
                return replaceToken(out, random, "number", "[0-9]+", EXTREME_NUMBERS[random.nextInt(EXTREME_NUMBERS.length)]);
            }
            case 5 -> {
                return replaceToken(out, random, "name", "/[A-Za-z0-9]+", NAMES[random.nextInt(NAMES.length)]);
            }
            case 6 -> {
                int from = random.nextInt(Math.max(1, out.length));
                int length = Math.min(out.length - from, random.nextInt(2048));
                int to = random.nextInt(Math.max(1, out.length));
                byte[] copy = Arrays.copyOfRange(out, from, from + length);
                return new Mutant(length + " bytes from " + from + " copied to " + to,
                        concat(Arrays.copyOf(out, to), concat(copy, Arrays.copyOfRange(out, to, out.length))));
            }
            case 7 -> {
                int from = random.nextInt(Math.max(1, out.length));
                int length = Math.min(out.length - from, random.nextInt(2048));
                return new Mutant(length + " bytes deleted at " + from,
                        concat(Arrays.copyOf(out, from), Arrays.copyOfRange(out, from + length, out.length)));
            }
            default -> {
                return replaceToken(out, random, "offset digit", "[0-9]{10} [0-9]{5} n", String.format("%010d 00000 n", random.nextInt(Math.max(1, out.length))));
            }
        }
    }

    /** A generated document built to hurt a reader, at a random size that keeps the case fast. */
    private static Mutant hostile(Random random) {
        return switch (random.nextInt(11)) {
            case 0 -> new Mutant("hugePageCount", HostilePdfs.hugePageCount(List.of(-5L, 0L, 2L, 1_000L, 50_000L, 2_000_000_000L,
                    Long.MAX_VALUE).get(random.nextInt(7))));
            case 1 -> new Mutant("deepOutline", HostilePdfs.deepOutline(1 + random.nextInt(20_000)));
            case 2 -> new Mutant("deepPageTree", HostilePdfs.deepPageTree(1 + random.nextInt(60_000)));
            case 3 -> new Mutant("zipBomb", HostilePdfs.zipBomb(1L << (10 + random.nextInt(17)), random.nextBoolean()));
            case 4 -> new Mutant("inflatingPage", HostilePdfs.inflatingPage(List.of("1 ", "()", "q ", "[] ", "[", "<<", "% note\n", "x")
                    .get(random.nextInt(8)), 1L << (10 + random.nextInt(14)), random.nextBoolean()));
            case 5 -> new Mutant("textBomb", HostilePdfs.textBomb(1 + random.nextInt(10_000)));
            case 6 -> new Mutant("cyclicPageTree", HostilePdfs.cyclicPageTree());
            case 7 -> new Mutant("repeatedKids", HostilePdfs.repeatedKids(1 + random.nextInt(3_000)));
            case 8 -> new Mutant("recursiveForm", HostilePdfs.recursiveForm());
            case 9 -> new Mutant("cyclicNameTree", HostilePdfs.cyclicNameTree());
            default -> new Mutant("xrefStreamBomb", HostilePdfs.xrefStreamBomb(1L << (4 + random.nextInt(22))));
        };
    }

    private static Mutant removeXref(byte[] in) {
        String text = new String(in, StandardCharsets.ISO_8859_1);
        int xref = text.lastIndexOf("\nxref");
        int trailer = text.lastIndexOf("trailer");
        if (xref < 0 || trailer < xref) return new Mutant("no xref table to remove", in);
        return new Mutant("xref table removed", (text.substring(0, xref + 1) + text.substring(trailer)).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Mutant replaceToken(byte[] in, Random random, String what, String regex, String replacement) {
        String text = new String(in, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        int count = 0;
        while (m.find()) count++;
        if (count == 0) return new Mutant("no " + what + " to replace", in);
        int pick = random.nextInt(count);
        m.reset();
        for (int i = 0; i <= pick; i++) m.find();
        String out = text.substring(0, m.start()) + replacement + text.substring(m.end());
        return new Mutant(what + " #" + pick + " '" + m.group() + "' -> '" + replacement + "'", out.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] splice(byte[] a, byte[] b, Random random) {
        int cutA = random.nextInt(Math.max(1, a.length));
        int cutB = random.nextInt(Math.max(1, b.length));
        return concat(Arrays.copyOf(a, cutA), Arrays.copyOfRange(b, cutB, b.length));
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] withHeaderAndEof(byte[] middle) {
        return concat(concat("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), middle), EOF);
    }

    private static boolean endsWithEof(byte[] bytes) {
        String tail = new String(bytes, Math.max(0, bytes.length - 1024), Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1);
        return tail.contains("%%EOF");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
