package dev.cairn.pdf.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises lines that repeat a chapter's title, so the chapter Markdown names the title once, as its
 * heading. Lines and title are compared by their letters and digits only, ignoring case, and also with a
 * leading number or "Chapter 5" / "Kapitel 5" / "Part II" taken off both: the title {@code 5 Krümmung}
 * is repeated by {@code 5 Krümmung}, by {@code Krümmung} and by the two lines {@code Kapitel 5} and
 * {@code Krümmung}.
 */
public final class TitleLines {

    /** Most lines a repeated title may take. */
    static final int MAX_LINES = 3;

    private static final Pattern NUMBERING = Pattern.compile(
            "^(?:(?:chapter|kapitel|part|teil|section|abschnitt|appendix|anhang|chapitre|cap[ií]tulo|capitolo)"
                    + "\\s+(?:\\d{1,3}|[ivxlcdm]{1,8}|[a-z])\\b|\\d{1,3}(?:\\.\\d{1,3})*\\b)\\.?\\s*[:.\\-–—]?\\s*");

    private TitleLines() {
    }

    /**
     * @param title a chapter's title
     * @param lines the first lines of the chapter's text
     * @return how many of those lines repeat the title, 0 when they do not
     */
    public static int repeated(String title, List<String> lines) {
        String plain = letters(title);
        String bare = letters(unnumbered(title));
        if (plain.isEmpty()) return 0;
        StringBuilder joined = new StringBuilder();
        for (int n = 1; n <= Math.min(MAX_LINES, lines.size()); n++) {
            if (n > 1) joined.append(' ');
            joined.append(lines.get(n - 1));
            String candidate = joined.toString();
            String candidatePlain = letters(candidate);
            if (candidatePlain.equals(plain)) return n;
            String candidateBare = letters(unnumbered(candidate));
            if (!bare.isEmpty() && candidateBare.equals(bare)) return n;
            if (candidatePlain.length() >= plain.length() + 20) break;
        }
        return 0;
    }

    private static String unnumbered(String s) {
        return NUMBERING.matcher(s.strip().toLowerCase(Locale.ROOT)).replaceFirst("");
    }

    private static String letters(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(out::appendCodePoint);
        return out.toString();
    }
}
