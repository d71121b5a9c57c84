package dev.cairn.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.pdf.internal.DocumentInfo.OutlineEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlineChaptersTest {

    private final OutlineChapters detector = new OutlineChapters();

    @Test
    void shouldRunEachChapterToThePageBeforeTheNext() {
        List<ChapterRange> chapters = detect(30, new OutlineEntry("One", 1), new OutlineEntry("Two", 11),
                new OutlineEntry("Three", 25));

        assertThat(chapters).containsExactly(
                new ChapterRange("One", 1, 10), new ChapterRange("Two", 11, 24), new ChapterRange("Three", 25, 30));
    }

    @Test
    void shouldAddFrontMatterOnlyWhenTheFirstBookmarkIsLater() {
        List<ChapterRange> chapters = detect(10, new OutlineEntry("One", 3), new OutlineEntry("Two", 7));

        assertThat(chapters).containsExactly(new ChapterRange("Front matter", 1, 2),
                new ChapterRange("One", 3, 6), new ChapterRange("Two", 7, 10));
    }

    @Test
    void shouldSortByPageAndDropBookmarksThatPointOutside() {
        List<ChapterRange> chapters = detect(10, new OutlineEntry("Later", 6), new OutlineEntry("First", 1),
                new OutlineEntry("Beyond", 11), new OutlineEntry("", 8));

        assertThat(chapters).containsExactly(new ChapterRange("First", 1, 5), new ChapterRange("Later", 6, 7),
                new ChapterRange("Chapter 3", 8, 10));
    }

    @Test
    void shouldNameEveryBookmarkOfAPageOnceInOneChapter() {
        List<ChapterRange> chapters = detect(10, new OutlineEntry("Intro", 1), new OutlineEntry("Foo", 4),
                new OutlineEntry("Bar", 4), new OutlineEntry("bar ", 4), new OutlineEntry("", 4),
                new OutlineEntry("Baz", 7));

        assertThat(chapters).containsExactly(new ChapterRange("Intro", 1, 3), new ChapterRange("Foo / Bar", 4, 6),
                new ChapterRange("Baz", 7, 10));
    }

    @Test
    void shouldNotApplyWithFewerThanTwoChapterStarts() {
        assertThat(detect(10)).isEmpty();
        assertThat(detect(10, new OutlineEntry("Cover", 1))).isEmpty();
        assertThat(detect(10, new OutlineEntry("Cover", 1), new OutlineEntry("Cover again", 1))).isEmpty();
    }

    private List<ChapterRange> detect(int pages, OutlineEntry... outline) {
        return detector.detect(Pages.info(pages, outline), null);
    }
}
