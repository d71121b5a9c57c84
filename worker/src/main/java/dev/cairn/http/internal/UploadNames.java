package dev.cairn.http.internal;

import java.util.Locale;
import java.util.UUID;

/**
 * Names for uploaded files: {@code <uuid>-<sanitized-name>.pdf}. The client's name is only a hint for
 * humans browsing the input dir; it can never choose a directory or overwrite another upload.
 */
public final class UploadNames {

    /** Longest sanitized name, {@code .pdf} included, before the uuid prefix. */
    public static final int MAX_NAME = 80;
    /** The name used when the client gives none, or nothing of it survives sanitizing. */
    public static final String DEFAULT_NAME = "upload.pdf";

    private UploadNames() {
    }

    /**
     * @param requested the client's name, e.g. {@code ../../report 2024.PDF}; may be {@code null}
     * @return a safe name: only {@code [A-Za-z0-9._-]}, no {@code ..}, ends in {@code .pdf}, at most {@value #MAX_NAME} chars
     */
    public static String sanitize(String requested) {
        if (requested == null) return DEFAULT_NAME;
        // why: only the last path segment is a name; "../../etc/passwd" becomes "passwd"
        String name = requested.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_")
                .replaceAll("\\.{2,}", ".")
                .replaceAll("_{2,}", "_")
                .replaceAll("^[._-]+", "");
        if (name.toLowerCase(Locale.ROOT).endsWith(".pdf")) name = name.substring(0, name.length() - 4);
        name = name.replaceAll("[._-]+$", "");
        int maxBase = MAX_NAME - ".pdf".length();
        if (name.length() > maxBase) name = name.substring(0, maxBase).replaceAll("[._-]+$", "");
        return name.isEmpty() ? DEFAULT_NAME : name + ".pdf";
    }

    /**
     * @param requested the client's name, may be {@code null}
     * @return a fresh, unique file name for the input dir
     */
    public static String unique(String requested) {
        return UUID.randomUUID() + "-" + sanitize(requested);
    }
}
