package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadingChaptersTest {

    @TempDir
    Path tmp;

    private final HeadingChapters detector = new HeadingChapters();

    @ParameterizedTest
    @ValueSource(strings = {"Chapter 3", "CHAPTER III", "Chapter 3: The River", "Chapter 12 - Tides", "Part I",
            "PART TWO", "Chapter Three — Weather", "Chapter 4 Rock Pools", "3 Introduction", "3. Introduction"})
    void shouldRecogniseHeadings(String heading) throws Exception {
        List<ChapterRange> chapters = detect("\n  \n" + heading + "\nbody text\n", "body\n", "Chapter 9: Later\nmore\n");

        assertThat(chapters).extracting(ChapterRange::title).containsExactly(heading, "Chapter 9: Later");
    }

    @ParameterizedTest
    @ValueSource(strings = {"This is page 1, line 1: text.", "3.1 Background", "12 apples were eaten.",
            "Part did not arrive", "Chapter 3 showed that rivers rise", "chapterhouse 3", "17",
            "4 Things we learned from the long survey of the northern coast in summer"})
    void shouldIgnoreLinesThatAreNotHeadings(String line) throws Exception {
        List<ChapterRange> chapters = detect("Chapter 1\n", line + "\nbody\n", "Chapter 2\n");

        assertThat(chapters).extracting(ChapterRange::firstPage).containsExactly(1, 3);
    }

    @Test
    void shouldPutPagesBeforeTheFirstHeadingIntoFrontMatter() throws Exception {
        List<ChapterRange> chapters = detect("Title page\n", "Contents\n", "Chapter 1\n", "text\n", "Chapter 2\n");

        assertThat(chapters).containsExactly(
                new ChapterRange("Front matter", 1, 2),
                new ChapterRange("Chapter 1", 3, 4),
                new ChapterRange("Chapter 2", 5, 5));
    }

    @Test
    void shouldTreatARepeatedRunningHeaderAsOneHeading() throws Exception {
        List<ChapterRange> chapters = detect("1 Rivers\n", "1 Rivers\n", "2 Coasts\n", "2 Coasts\n");

        assertThat(chapters).containsExactly(new ChapterRange("1 Rivers", 1, 2), new ChapterRange("2 Coasts", 3, 4));
    }

    @Test
    void shouldOnlyCountNumberedHeadingsWhoseNumbersIncrease() throws Exception {
        List<ChapterRange> chapters = detect("1 Rivers\n", "3 Ways to cross\n", "2 Coasts\n", "4 Hills\n");

        assertThat(chapters).extracting(ChapterRange::title).containsExactly("1 Rivers", "3 Ways to cross", "4 Hills");
    }

    @Test
    void shouldNeedAtLeastTwoHeadings() throws Exception {
        assertThat(detect("Chapter 1\n", "text\n", "more text\n")).isEmpty();
        assertThat(detect("", "", "")).isEmpty();
    }

    private List<ChapterRange> detect(String... pages) throws Exception {
        PageStats stats = Pages.write(tmp, pages);
        return detector.detect(Pages.info(pages.length), stats);
    }
}
