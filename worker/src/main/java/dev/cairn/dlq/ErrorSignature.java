package dev.cairn.dlq;

import java.util.regex.Pattern;

/**
 * Groups failures by cause: the error's simple class name and its message with the parts that differ
 * from job to job (ids, paths, URLs, numbers, quoted values) replaced by placeholders. Two PDFs that are
 * both "not a PDF" share a signature; a timeout and a 500 from the same provider do not.
 */
public final class ErrorSignature {

    /** Longest signature kept; longer ones are cut (they stay unique enough to group). */
    public static final int MAX_LENGTH = 160;

    private static final Pattern UUID = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");
    private static final Pattern PATH = Pattern.compile("(?<![\\w.])(?:[A-Za-z]:)?(?:[/\\\\][^\\s/\\\\:'\",;()]+){2,}[/\\\\]?");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final Pattern HEX = Pattern.compile("\\b(?:0x)?[0-9a-fA-F]{12,}\\b");
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_])-?\\d+(?:[.,]\\d+)*");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private ErrorSignature() {
    }

    /**
     * @param errorClass the exception class (full or simple name)
     * @param message    its message, may be {@code null}
     * @return e.g. {@code InvalidPdfException: not a PDF: <path>}
     */
    public static String of(String errorClass, String message) {
        String simple = errorClass == null ? "Error" : errorClass.substring(errorClass.lastIndexOf('.') + 1);
        String normalised = normalise(message);
        String signature = normalised.isEmpty() ? simple : simple + ": " + normalised;
        return signature.length() <= MAX_LENGTH ? signature : signature.substring(0, MAX_LENGTH - 1) + "…";
    }

    /**
     * @param message an error message, may be {@code null}
     * @return the message with variable parts replaced, on one line
     */
    public static String normalise(String message) {
        if (message == null) return "";
        String s = message.length() > 2_000 ? message.substring(0, 2_000) : message;
        s = UUID.matcher(s).replaceAll("<id>");
        s = URL.matcher(s).replaceAll("<url>");
        s = PATH.matcher(s).replaceAll("<path>");
        s = QUOTED.matcher(s).replaceAll("<value>");
        s = HEX.matcher(s).replaceAll("<hex>");
        s = NUMBER.matcher(s).replaceAll("<n>");
        return SPACE.matcher(s).replaceAll(" ").trim();
    }
}
