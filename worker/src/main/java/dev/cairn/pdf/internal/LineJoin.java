package dev.cairn.pdf.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Joins the lines of a paragraph into one line, rejoining words hyphenated at line ends.
 *
 * <p>Conservative: a line ending in a letter and {@code -} (or a soft hyphen) followed by a line that
 * starts with a lower-case letter is a word broken in two ({@code adip-} + {@code iscing} →
 * {@code adipiscing}); before a capital or a digit the hyphen is a real one and stays, without a space
 * ({@code Self-} + {@code Contained} → {@code Self-Contained}); before a conjunction it is a suspended
 * hyphen ({@code Ein-} + {@code und Ausgabe} → {@code Ein- und Ausgabe}). Other lines join with a space.
 */
public final class LineJoin {

    private static final Set<String> CONJUNCTIONS = Set.of("und", "oder", "bzw", "bzw.", "sowie", "bis", "and",
            "or", "nor", "to", "et", "ou");
    private static final char SOFT_HYPHEN = '\u00AD';

    private LineJoin() {
    }

    /**
     * @param line a line, not empty
     * @param next the line after it, not empty
     * @return them as one line
     */
    public static String join(String line, String next) {
        return switch (kind(line, next)) {
            case REJOIN -> line.substring(0, line.length() - 1) + next;
            case KEEP_HYPHEN -> line + next;
            case SPACE -> line + " " + next;
        };
    }

    /**
     * @param line the last line of a page's paragraph
     * @param next the first line of the next page
     * @return whether {@code next} goes on with the same paragraph: it starts with a lower-case letter and
     * {@code line} does not end a sentence
     */
    public static boolean continues(String line, String next) {
        if (line.isEmpty() || next.isEmpty()) return false;
        char end = line.charAt(line.length() - 1);
        return Character.isLowerCase(next.codePointAt(0)) && end != '.' && end != '!' && end != '?';
    }

    /**
     * Joins a paragraph to its continuation on the next page, with {@code marker} where the page turns
     * (after the rejoined word when a word was broken across the pages).
     *
     * @param line   the paragraph so far
     * @param next   its continuation
     * @param marker the page marker
     * @return the joined paragraph
     */
    public static String joinAcrossPage(String line, String next, String marker) {
        if (kind(line, next) == Kind.REJOIN) {
            int space = next.indexOf(' ');
            String word = space < 0 ? next : next.substring(0, space);
            String rest = space < 0 ? "" : next.substring(space + 1);
            return line.substring(0, line.length() - 1) + word + " " + marker + (rest.isEmpty() ? "" : " " + rest);
        }
        return line + " " + marker + " " + next;
    }

    private enum Kind { REJOIN, KEEP_HYPHEN, SPACE }

    private static Kind kind(String line, String next) {
        int n = line.length();
        if (n == 0 || next.isEmpty()) return Kind.SPACE;
        char last = line.charAt(n - 1);
        if (last == SOFT_HYPHEN) return Kind.REJOIN;
        if ((last != '-' && last != '\u2010') || n < 2 || !Character.isLetterOrDigit(line.charAt(n - 2))) return Kind.SPACE;
        int first = next.codePointAt(0);
        if (CONJUNCTIONS.contains(firstWord(next).toLowerCase(Locale.ROOT))) return Kind.SPACE;
        if (Character.isLowerCase(first) && Character.isLetter(line.charAt(n - 2))) return Kind.REJOIN;
        return Character.isLetterOrDigit(first) ? Kind.KEEP_HYPHEN : Kind.SPACE;
    }

    private static String firstWord(String text) {
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }
}
