package dev.cairn.provider.internal;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads how long a server asks us to wait: {@code retry-after-ms} (OpenAI), else {@code Retry-After}. */
final class RetryAfter {

    // why: a server asking for days is misconfigured; callers reschedule, so bound what they can be told
    static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {
    }

    /**
     * @param headers the reply's headers
     * @param clock   now, for a Retry-After given as an HTTP date
     * @return the wait, between zero and {@link #MAX}; empty when absent or unreadable
     */
    static Optional<Duration> of(HttpHeaders headers, Clock clock) {
        Optional<Duration> ms = headers.firstValue("retry-after-ms").flatMap(v -> number(v, 1));
        if (ms.isPresent()) return ms.map(RetryAfter::bound);
        return headers.firstValue("retry-after").flatMap(v -> number(v, 1000).or(() -> date(v, clock))).map(RetryAfter::bound);
    }

    private static Optional<Duration> number(String value, long millisPerUnit) {
        try {
            double n = Double.parseDouble(value.trim());
            if (Double.isNaN(n) || Double.isInfinite(n)) return Optional.empty();
            return Optional.of(Duration.ofMillis((long) Math.min(n * millisPerUnit, MAX.toMillis() * 2.0)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> date(String value, Clock clock) {
        try {
            ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            return Optional.of(Duration.between(clock.instant(), at.toInstant()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration bound(Duration d) {
        if (d.isNegative()) return Duration.ZERO;
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
