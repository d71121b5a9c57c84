package dev.cairn.api.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void shouldReadDeltaSeconds() {
        assertThat(RetryAfter.of(Optional.of("3"), NOW)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.of(Optional.of(" 120 "), NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void shouldReadAnHttpDateAsTheSecondsUntilThenRoundedUp() {
        assertThat(RetryAfter.of(Optional.of("Sat, 01 Mar 2025 12:00:05 GMT"), NOW.plusMillis(200))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldWaitOneSecondForAMissingUnreadableZeroOrPastValue() {
        for (String value : new String[]{"soon", "-3", "1.5", "0", "Sat, 01 Mar 2025 11:00:00 GMT", ""}) {
            assertThat(RetryAfter.of(Optional.of(value), NOW)).as(value).isEqualTo(Duration.ofSeconds(1));
        }
        assertThat(RetryAfter.of(Optional.empty(), NOW)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldReadABatchLinesRetryAfterSeconds() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(RetryAfter.ofLine(json.readTree("{\"retry_after_s\": 4}"))).contains(Duration.ofSeconds(4));
        assertThat(RetryAfter.ofLine(json.readTree("{\"retry_after_s\": 0.25}"))).contains(Duration.ofMillis(250));
        assertThat(RetryAfter.ofLine(json.readTree("{\"retry_after_s\": \"4\"}"))).isEmpty();
        assertThat(RetryAfter.ofLine(json.readTree("{}"))).isEmpty();
    }

    @Test
    void shouldDescribeWholeAndCutSeconds() {
        assertThat(RetryAfter.describe(Duration.ofSeconds(3))).isEqualTo("3 s");
        assertThat(RetryAfter.describe(Duration.ofMillis(1_500))).isEqualTo("1.5 s");
    }
}
