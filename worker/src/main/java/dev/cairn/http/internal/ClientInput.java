package dev.cairn.http.internal;

/** Client input echoed in an error message stays short, so a huge value cannot blow up an error body or a log line. */
final class ClientInput {

    /** Longest echoed value, in characters. */
    static final int MAX_ECHO = 100;

    private ClientInput() {
    }

    /**
     * @param s what the client sent
     * @return it, cut to {@value #MAX_ECHO} characters
     */
    static String abbreviate(String s) {
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "…";
    }
}
