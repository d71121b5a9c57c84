package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlugsTest {

    @Test
    void shouldLowercaseAndJoinWordsWithSingleDashes() {
        assertThat(Slugs.slug("Chapter 3: The  River -- Mouth!")).isEqualTo("chapter-3-the-river-mouth");
        assertThat(Slugs.slug("  --Intro--  ")).isEqualTo("intro");
    }

    @Test
    void shouldDropAccentsAndNonAsciiCharacters() {
        assertThat(Slugs.slug("Café Æsir — Über 東京")).isEqualTo("cafe-sir-uber");
    }

    @Test
    void shouldFallBackToChapterWhenNothingIsLeft() {
        assertThat(Slugs.slug("東京 !!")).isEqualTo("chapter");
        assertThat(Slugs.slug("")).isEqualTo("chapter");
        assertThat(Slugs.slug(null)).isEqualTo("chapter");
    }

    @Test
    void shouldCutAtSixtyCharactersWithoutATrailingDash() {
        String slug = Slugs.slug("a".repeat(59) + " bcd");

        assertThat(slug).isEqualTo("a".repeat(59));
        assertThat(Slugs.slug("word ".repeat(30))).hasSizeLessThanOrEqualTo(60).doesNotEndWith("-");
    }
}
