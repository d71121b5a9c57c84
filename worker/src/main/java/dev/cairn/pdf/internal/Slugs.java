package dev.cairn.pdf.internal;

import java.text.Normalizer;

/**
 * File-name slugs for chapter titles.
 */
public final class Slugs {

    /** Longest slug, so file names stay well inside every file system's limit. */
    public static final int MAX_LENGTH = 60;

    private Slugs() {
    }

    /**
     * @param title any title
     * @return lowercase ASCII letters and digits separated by single dashes, no dash at either end,
     * at most {@value #MAX_LENGTH} characters; {@code "chapter"} when nothing usable is left.
     * Accents are dropped rather than the letter ("Café" → "cafe").
     */
    public static String slug(String title) {
        String base = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD);
        StringBuilder out = new StringBuilder(Math.min(base.length(), MAX_LENGTH + 1));
        boolean dash = false;
        for (int i = 0; i < base.length() && out.length() < MAX_LENGTH; i++) {
            char c = Character.toLowerCase(base.charAt(i));
            if (Character.getType(c) == Character.NON_SPACING_MARK) continue; // the accent of a decomposed letter
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (dash && out.length() > 0) out.append('-');
                if (out.length() < MAX_LENGTH) out.append(c);
                dash = false;
            } else {
                dash = true;
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '-') end--;
        return end == 0 ? "chapter" : out.substring(0, end);
    }
}
