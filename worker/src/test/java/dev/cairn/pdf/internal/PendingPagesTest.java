package dev.cairn.pdf.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PendingPagesTest {

    private static final long MS = 1_000_000;

    @TempDir
    Path out;

    private PageTextFiles files() throws Exception {
        PageTextFiles files = new PageTextFiles(out);
        Files.createDirectories(files.dir());
        Files.createDirectories(files.paragraphsDir());
        return files;
    }

    @Test
    void shouldMakeABatchOfAtMostMaxPages() throws Exception {
        PendingPages batch = new PendingPages(files(), 0);
        for (int page = 1; page < PendingPages.MAX_PAGES; page++) {
            batch.add(page, bytes("text " + page), "paragraphs " + page);
            assertThat(batch.isDue(MS)).as("after %d pages", page).isFalse();
        }
        batch.add(PendingPages.MAX_PAGES, bytes("last"), "last");

        assertThat(batch.isDue(MS)).isTrue();
    }

    @Test
    void shouldMakeABatchOfAtMostMaxBytes() throws Exception {
        PendingPages batch = new PendingPages(files(), 0);
        batch.add(1, new byte[(int) PendingPages.MAX_BYTES / 2], "");
        assertThat(batch.isDue(MS)).isFalse();

        batch.add(2, new byte[(int) PendingPages.MAX_BYTES / 2], "");

        assertThat(batch.isDue(MS)).isTrue();
    }

    @Test
    void shouldWriteAPageThatTookLongToExtractAtOnce() throws Exception {
        PendingPages batch = new PendingPages(files(), 0);
        batch.add(1, bytes("slow page"), "slow page");

        assertThat(batch.isDue((PendingPages.MAX_MILLIS - 1) * MS)).isFalse();
        assertThat(batch.isDue(PendingPages.MAX_MILLIS * MS)).isTrue();
    }

    @Test
    void shouldCountTheTimeOfTheNextBatchFromTheLastWrite() throws Exception {
        PendingPages batch = new PendingPages(files(), 0);
        batch.add(1, bytes("one"), "one");
        batch.write(1_000 * MS);
        batch.add(2, bytes("two"), "two");

        assertThat(batch.isDue(1_000 * MS + (PendingPages.MAX_MILLIS - 1) * MS)).isFalse();
        assertThat(batch.isDue(1_000 * MS + PendingPages.MAX_MILLIS * MS)).isTrue();
    }

    @Test
    void shouldWriteBothFilesOfEveryPageHeldAndForgetThem() throws Exception {
        PageTextFiles files = files();
        PendingPages batch = new PendingPages(files, 0);
        batch.add(7, bytes("seven\n"), "seven para\n");
        batch.add(8, bytes("eight\n"), "eight para\n");
        assertThat(batch.lastPage()).isEqualTo(8);

        batch.write(MS);

        assertThat(batch.isEmpty()).isTrue();
        assertThat(Files.readString(files.file(7))).isEqualTo("seven\n");
        assertThat(Files.readString(files.file(8))).isEqualTo("eight\n");
        assertThat(Files.readString(files.paragraphsFile(7))).isEqualTo("seven para\n");
        assertThat(Files.readString(files.paragraphsFile(8))).isEqualTo("eight para\n");
        assertThat(batch.isDue(2 * MS)).as("nothing held, nothing due before the time runs out").isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
