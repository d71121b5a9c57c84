package dev.cairn.pdf.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes page text files by hand, for testing chapter detection without PDFs. */
final class Pages {

    private Pages() {
    }

    /**
     * @param outputDir a job output dir
     * @param texts     the text of pages 1, 2, …
     * @return the statistics of those pages
     */
    static PageStats write(Path outputDir, String... texts) throws IOException {
        PageTextFiles files = new PageTextFiles(outputDir);
        Files.createDirectories(files.dir());
        for (int i = 0; i < texts.length; i++) {
            Files.writeString(files.file(i + 1), texts[i]);
        }
        return PageStats.read(files, texts.length);
    }

    static DocumentInfo info(int pages, DocumentInfo.OutlineEntry... outline) {
        return new DocumentInfo(pages, null, null, false, java.util.List.of(outline));
    }
}
