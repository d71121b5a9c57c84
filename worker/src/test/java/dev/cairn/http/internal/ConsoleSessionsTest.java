package dev.cairn.http.internal;

import dev.cairn.config.ApiTier;
import dev.cairn.ratelimit.ProducerLimits.Producer;
import dev.cairn.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #17: console sessions end after 8 h idle, at logout, or when the cap makes room; their ids are random. */
class ConsoleSessionsTest {

    private static final Caller ADMIN = new Caller(Caller.Credential.TOKEN, new Producer(ApiTier.ADMIN, "token"), null);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ConsoleSessions sessions = new ConsoleSessions(clock);

    @Test
    void shouldEndASessionIdleForEightHoursButKeepOneInUse() {
        String idle = sessions.open(ADMIN).getKey();
        String used = sessions.open(ADMIN).getKey();

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofHours(2));
            assertThat(sessions.find(used)).isPresent();
        }

        assertThat(sessions.find(idle)).isEmpty();
        assertThat(sessions.find(used)).hasValueSatisfying(s -> assertThat(s.caller()).isEqualTo(ADMIN));
    }

    @Test
    void shouldEndASessionAtLogout() {
        String id = sessions.open(ADMIN).getKey();

        sessions.close(id);

        assertThat(sessions.find(id)).isEmpty();
    }

    @Test
    void shouldDropTheLongestIdleSessionWhenFull() {
        String first = sessions.open(ADMIN).getKey();
        clock.advance(Duration.ofSeconds(1));
        for (int i = 1; i < ConsoleSessions.MAX; i++) sessions.open(ADMIN);
        clock.advance(Duration.ofSeconds(1));

        String newest = sessions.open(ADMIN).getKey();

        assertThat(sessions.size()).isEqualTo(ConsoleSessions.MAX);
        assertThat(sessions.find(first)).isEmpty();
        assertThat(sessions.find(newest)).isPresent();
    }

    @Test
    void shouldHandOutDistinctIdsAndCsrfTokensOf256Bits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Map.Entry<String, ConsoleSessions.Session> opened = sessions.open(ADMIN);
            assertThat(opened.getKey()).matches("[A-Za-z0-9_-]{43}");
            assertThat(opened.getValue().csrf()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(opened.getKey());
            seen.add(opened.getKey());
            seen.add(opened.getValue().csrf());
        }
        assertThat(seen).hasSize(200);
        assertThat(sessions.find("not-a-session")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }
}
