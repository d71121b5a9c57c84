package dev.cairn.dlq;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Which entries {@code GET /api/dlq} lists, newest first. Every filter is optional; they combine with AND.
 *
 * @param type       only this job type
 * @param errorClass only this error class (the full name, or the simple name)
 * @param signature  only this error signature
 * @param since      only entries whose last failure is at or after this instant
 * @param text       only entries whose job id, type, error class or message contains this text (case-insensitive)
 * @param limit      at most this many entries ({@value #MIN_LIMIT}–{@value #MAX_LIMIT})
 * @param cursor     where the previous page stopped ({@link DlqPage#nextCursor()}); empty for the first page
 */
public record DlqQuery(Optional<String> type, Optional<String> errorClass, Optional<String> signature, Optional<Instant> since,
                       Optional<String> text, int limit, Optional<String> cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MIN_LIMIT = 1;
    public static final int MAX_LIMIT = 1000;

    /** Validates the limit and drops blank filters. */
    public DlqQuery {
        type = blankToEmpty(type);
        errorClass = blankToEmpty(errorClass);
        signature = blankToEmpty(signature);
        since = since == null ? Optional.empty() : since;
        text = blankToEmpty(text).map(t -> t.toLowerCase(Locale.ROOT));
        cursor = blankToEmpty(cursor);
        if (limit < MIN_LIMIT || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between " + MIN_LIMIT + " and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** @return every entry, first page of {@value #DEFAULT_LIMIT} */
    public static DlqQuery all() {
        return new DlqQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_LIMIT, Optional.empty());
    }

    /** @return whether any filter other than the page position is set */
    public boolean filtered() {
        return type.isPresent() || errorClass.isPresent() || signature.isPresent() || since.isPresent() || text.isPresent();
    }

    /** @param limit the page size @return this query with another page size */
    public DlqQuery withLimit(int limit) {
        return new DlqQuery(type, errorClass, signature, since, text, limit, cursor);
    }

    /** @param cursor where to continue @return this query continuing there */
    public DlqQuery withCursor(Optional<String> cursor) {
        return new DlqQuery(type, errorClass, signature, since, text, limit, cursor);
    }

    /** @param entry an entry @return whether it passes the filters */
    public boolean matches(DlqEntry entry) {
        if (type.isPresent() && !type.get().equals(entry.type())) return false;
        if (errorClass.isPresent() && !sameClass(errorClass.get(), entry.errorClass())) return false;
        if (signature.isPresent() && !signature.get().equals(entry.signature())) return false;
        if (since.isPresent() && entry.lastFailedAt().isBefore(since.get())) return false;
        if (text.isPresent()) {
            String t = text.get();
            return contains(entry.jobId(), t) || contains(entry.type(), t) || contains(entry.errorClass(), t)
                    || contains(entry.errorMessage(), t) || contains(entry.signature(), t);
        }
        return true;
    }

    private static boolean sameClass(String wanted, String actual) {
        if (wanted.equals(actual)) return true;
        int dot = actual.lastIndexOf('.');
        return dot >= 0 && actual.substring(dot + 1).equals(wanted);
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.map(String::trim).filter(s -> !s.isEmpty());
    }
}
