package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixedRangeChaptersTest {

    @Test
    void shouldSplitIntoRangesOfTheConfiguredSize() {
        assertThat(new FixedRangeChapters(20).detect(Pages.info(41), null)).containsExactly(
                new ChapterRange("Pages 1–20", 1, 20),
                new ChapterRange("Pages 21–40", 21, 40),
                new ChapterRange("Page 41", 41, 41));
    }

    @Test
    void shouldMakeOneChapterOfAShortDocument() {
        assertThat(new FixedRangeChapters(20).detect(Pages.info(7), null))
                .containsExactly(new ChapterRange("Pages 1–7", 1, 7));
    }
}
