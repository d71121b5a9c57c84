package dev.cairn.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.BitSet;

/**
 * The lines of a file whose numbers are set, one after the other, as a reader: what {@code cairn enqueue batch FILE}
 * sends again after lines were answered {@code rate_limited}. Read to the last selected line and no further.
 */
final class SelectedLines extends Reader {

    private final BufferedReader file;
    private final BitSet numbers;
    private final int last;
    private int number;
    private String current = "";
    private int position;

    /**
     * @param file    the whole input, read line by line from its start
     * @param numbers the lines to take, numbered from 1 as the worker numbered them
     */
    SelectedLines(BufferedReader file, BitSet numbers) {
        this.file = file;
        this.numbers = numbers;
        this.last = numbers.length() - 1;
    }

    @Override
    public int read(char[] into, int offset, int length) throws IOException {
        if (length == 0) return 0;
        while (position == current.length()) {
            if (!advance()) return -1;
        }
        int n = Math.min(length, current.length() - position);
        current.getChars(position, position + n, into, offset);
        position += n;
        return n;
    }

    private boolean advance() throws IOException {
        while (number < last) {
            String line = file.readLine();
            if (line == null) return false;
            number++;
            if (numbers.get(number)) {
                current = line + "\n";
                position = 0;
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /**
     * Maps the numbers the worker gives the lines of such a resend (1, 2, 3 …, one per selected line, in order) back
     * to the lines' numbers in the file. Answers come in order, so one pass over the bits does.
     */
    static final class Numbering {

        private final BitSet numbers;
        private int at = -1;
        private long sent;

        Numbering(BitSet numbers) {
            this.numbers = numbers;
        }

        /**
         * @param resent the line's number in the resend, from 1, not smaller than the one asked before
         * @return its number in the file
         */
        long original(long resent) {
            while (sent < resent) {
                at = numbers.nextSetBit(at + 1);
                sent++;
            }
            return at;
        }
    }
}
