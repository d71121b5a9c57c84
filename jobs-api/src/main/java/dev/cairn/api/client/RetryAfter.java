package dev.cairn.api.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How long a worker's 429 asks the client to wait: its {@code Retry-After} header, or a batch line's {@code retry_after_s}. */
final class RetryAfter {

    /** What a 429 without a readable {@code Retry-After} waits, and the shortest wait of any. */
    static final Duration MIN = Duration.ofSeconds(1);

    private RetryAfter() {
    }

    /**
     * @param header the {@code Retry-After} value: delta seconds, or an HTTP-date; empty when absent
     * @param now    the time an HTTP-date is counted from
     * @return the wait, at least {@link #MIN}: a missing, unreadable, zero or past value waits {@link #MIN}, so
     *         sending again never turns into a busy loop
     */
    static Duration of(Optional<String> header, Instant now) {
        return header.map(String::trim).flatMap(value -> seconds(value).or(() -> date(value, now))).filter(d -> d.compareTo(MIN) > 0).orElse(MIN);
    }

    /**
     * @param line one answer line of {@code POST /api/jobs/batch}
     * @return its {@code retry_after_s} (seconds, fractions allowed), empty when absent or not a positive number
     */
    static Optional<Duration> ofLine(JsonNode line) {
        JsonNode value = line.path("retry_after_s");
        if (!value.isNumber() || !(value.asDouble() > 0)) return Optional.empty();
        return Optional.of(Duration.ofMillis((long) Math.ceil(Math.min(value.asDouble(), Integer.MAX_VALUE) * 1000)));
    }

    private static Optional<Duration> seconds(String value) {
        if (!value.matches("\\d{1,10}")) return Optional.empty();
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }

    private static Optional<Duration> date(String value, Instant now) {
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            // why: whole seconds, rounded up, as a delta-seconds Retry-After would have said
            long millis = Duration.between(now, at).toMillis();
            return Optional.of(Duration.ofSeconds(Math.ceilDiv(Math.max(0, millis), 1000)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** @return {@code 3 s}, or {@code 0.5 s} for a wait cut short by the bound */
    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) return millis / 1000 + " s";
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }
}
