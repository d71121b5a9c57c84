package dev.cairn.pdf.internal;

/**
 * Small text helpers shared by the steps.
 */
public final class Text {

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
     * @return the cleaned text, or {@code null} when it is absent or blank
     */
    public static String cleanOrNull(String s) {
        if (s == null) return null;
        String cleaned = clean(s);
        return cleaned.isEmpty() ? null : cleaned;
    }

    /**
     * @param c a character
     * @return whether it separates words
     */
    public static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
