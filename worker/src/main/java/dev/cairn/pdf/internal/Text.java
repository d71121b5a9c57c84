package dev.cairn.pdf.internal;

/**
 * Small text helpers shared by the steps.
 */
public final class Text {

    /** Longest title, author or bookmark kept; a longer one is cut (it is junk or hostile, not a title). */
    public static final int MAX_LABEL_CHARS = 500;

    private Text() {
    }

    /**
     * @param s any text, e.g. a bookmark title or metadata field
     * @return {@code s} with control characters turned into spaces, runs of whitespace collapsed and
     * ends trimmed
     */
    public static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                space = out.length() > 0;
            } else {
                if (space) out.append(' ');
                out.append(c);
                space = false;
            }
        }
        return out.toString();
    }

    /**
     * @param s any text, may be {@code null}
     * @return the cleaned text cut to {@value #MAX_LABEL_CHARS} characters, or {@code null} when it is
     *         absent or blank
     */
    public static String cleanOrNull(String s) {
        if (s == null) return null;
        String cleaned = cleanShort(s);
        return cleaned.isEmpty() ? null : cleaned;
    }

    /**
     * @param s a label: a title, an author, a bookmark
     * @return the cleaned text cut to {@value #MAX_LABEL_CHARS} characters
     */
    public static String cleanShort(String s) {
        // why: clean only the start, so a megabyte "title" costs no megabyte copies
        int cut = 4 * MAX_LABEL_CHARS;
        if (s.length() > cut) s = s.substring(0, Character.isHighSurrogate(s.charAt(cut - 1)) ? cut - 1 : cut);
        String cleaned = clean(s);
        if (cleaned.length() <= MAX_LABEL_CHARS) return cleaned;
        int end = Character.isHighSurrogate(cleaned.charAt(MAX_LABEL_CHARS - 1)) ? MAX_LABEL_CHARS - 1 : MAX_LABEL_CHARS;
        return cleaned.substring(0, end).stripTrailing();
    }

    /**
     * @param c a character
     * @return whether it separates words
     */
    public static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
