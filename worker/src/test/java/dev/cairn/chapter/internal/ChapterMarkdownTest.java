package dev.cairn.chapter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.provider.OfflineMarks;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChapterMarkdownTest {

    private final Outline outline = new Outline("Tides", List.of(new Outline.Section("Why", "s"), new Outline.Section("When", "s")));

    @Test
    void shouldPutTheTitleFirstAndAHeadingBeforeEachSection() {
        assertThat(ChapterMarkdown.assemble(outline, List.of("The moon pulls.", "Twice a day.\n")))
                .isEqualTo("# Tides\n\n## Why\n\nThe moon pulls.\n\n## When\n\nTwice a day.\n");
    }

    @Test
    void shouldReplaceALevelOneOrTwoHeadingTheProviderAlreadyWrote() {
        assertThat(ChapterMarkdown.section("Why", "## Why the tides turn\n\nThe moon pulls.")).isEqualTo("## Why\n\nThe moon pulls.\n");
        assertThat(ChapterMarkdown.section("Why", "\n\n# Why #\nThe moon pulls.\n")).isEqualTo("## Why\n\nThe moon pulls.\n");
        assertThat(ChapterMarkdown.section("Why", "## Why")).isEqualTo("## Why\n");
    }

    @Test
    void shouldKeepADeeperHeadingUnderTheSectionHeading() {
        assertThat(ChapterMarkdown.section("Why", "### Gravity\n\nThe moon pulls."))
                .isEqualTo("## Why\n\n### Gravity\n\nThe moon pulls.\n");
        assertThat(ChapterMarkdown.section("Why", "#hashtag text")).isEqualTo("## Why\n\n#hashtag text\n");
    }

    @Test
    void shouldNormaliseLineEnds() {
        assertThat(ChapterMarkdown.section("Why", "## Why\r\n\r\nOne.\r\nTwo.\r\n")).isEqualTo("## Why\n\nOne.\nTwo.\n");
    }

    @Test
    void shouldOpenWithANoteNamingTheSectionsTheOfflineProviderChoseAfterAFailover() {
        String offline = OfflineMarks.SECTION_MARKER + "\n\n## When\n\nSpring tides come twice a month.\n";

        String some = ChapterMarkdown.assemble(outline, List.of("## Why\n\nThe moon pulls.", offline), "the chapters of pdf-processing job p1");
        String all = ChapterMarkdown.assemble(outline, List.of(offline, offline), "the chapters of pdf-processing job p1");
        String none = ChapterMarkdown.assemble(outline, List.of("The moon pulls.", "Twice a month."), "the chapters of pdf-processing job p1");

        assertThat(some).startsWith("> Section 2: Extractive text chosen offline from the chapters of pdf-processing job p1; "
                + "set CAIRN_PROVIDERS to an LLM provider for written chapters.\n\n# Tides\n");
        assertThat(some).contains("## When\n\nSpring tides come twice a month.\n").doesNotContain("<!--");
        assertThat(all).startsWith("> Extractive text chosen offline from the chapters of pdf-processing job p1;");
        assertThat(none).startsWith("# Tides\n");
    }
}
