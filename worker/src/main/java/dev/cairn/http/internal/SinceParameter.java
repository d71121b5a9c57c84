package dev.cairn.http.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cairn.http.internal.ClientInput.abbreviate;

/**
 * The {@code since} filter of {@code /api/dlq}: an instant, a day, or an age. Operators mostly ask
 * "what failed in the last hour", so an age ({@code 30m}) is accepted beside the exact forms.
 */
public final class SinceParameter {

    /** The accepted forms, for error messages. */
    public static final String FORMS = "an ISO-8601 instant (2026-01-02T03:04:05Z), a date (2026-01-02, from 00:00 UTC) "
            + "or an age like 90s, 30m, 24h, 7d, 2w";

    // why: at most 9 digits, so the age always fits a Duration and the subtraction stays inside Instant's range
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhdw])");

    private SinceParameter() {
    }

    /**
     * @param raw the parameter's value, trimmed, not blank
     * @param now the current time, which an age counts back from
     * @return the earliest last-failure time to include
     * @throws ApiException 400 naming {@code since} and the accepted forms
     */
    public static Instant parse(String raw, Instant now) {
        Matcher age = AGE.matcher(raw.toLowerCase(Locale.ROOT));
        if (age.matches()) return now.minus(age(Long.parseLong(age.group(1)), age.group(2).charAt(0)));
        try {
            if (raw.contains("T") || raw.contains("t")) return Instant.parse(raw.toUpperCase(Locale.ROOT));
            return LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("parameter 'since' must be " + FORMS + ", got '" + abbreviate(raw) + "'");
        } catch (DateTimeException e) {
            throw ApiException.badRequest("parameter 'since' is out of range: '" + abbreviate(raw) + "'");
        }
    }

    private static Duration age(long amount, char unit) {
        return switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> Duration.ofDays(amount * 7);
        };
    }
}
