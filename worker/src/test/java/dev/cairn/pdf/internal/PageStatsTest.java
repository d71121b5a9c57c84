package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageStatsTest {

    @TempDir
    Path tmp;

    @Test
    void shouldCountWhitespaceSeparatedTokens() throws Exception {
        PageStats stats = Pages.write(tmp, "one two\tthree\n\nfour\u00a0five", "", "  six  ");

        assertThat(stats.words(1, 1)).isEqualTo(5);
        assertThat(stats.words(2, 2)).isZero();
        assertThat(stats.words(1, 3)).isEqualTo(6);
    }

    @Test
    void shouldKeepTheFirstNonBlankLineTrimmed() throws Exception {
        PageStats stats = Pages.write(tmp, "\n   \r\n  Chapter  2:   Tides  \nbody", "", "x".repeat(500));

        assertThat(stats.firstLine(1)).isEqualTo("Chapter 2: Tides");
        assertThat(stats.firstLine(2)).isEmpty();
        assertThat(stats.firstLine(3)).hasSize(PageStats.MAX_FIRST_LINE);
    }
}
