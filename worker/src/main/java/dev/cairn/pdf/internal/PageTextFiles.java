package dev.cairn.pdf.internal;

import dev.cairn.api.CairnException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where {@code extract-text} keeps each page's text ({@code text/page-NNNN.txt} in the job's output
 * dir), and how later steps read it back.
 */
public final class PageTextFiles {

    /** The directory under the job's output dir that holds the page texts. */
    public static final String DIR = "text";

    private final Path dir;

    /** @param outputDir the job's output dir */
    public PageTextFiles(Path outputDir) {
        this.dir = outputDir.resolve(DIR);
    }

    /** @return the directory holding the page files */
    public Path dir() {
        return dir;
    }

    /**
     * @param page 1-based page number
     * @return the page's text file, {@code page-0001.txt} (more digits past page 9999)
     */
    public Path file(int page) {
        return dir.resolve(String.format("page-%04d.txt", page));
    }

    /**
     * Opens a page's text for streaming.
     *
     * @param page 1-based page number
     * @return a reader (close it)
     * @throws CairnException permanent when the file is missing: extract-text completed, so it will not
     *                        run again to recreate it
     * @throws IOException    on other read errors
     */
    public Reader open(int page) throws IOException {
        try {
            return Files.newBufferedReader(file(page), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CairnException.permanent("the extracted text of page " + page + " is missing ("
                    + file(page) + "); the job's output dir was changed while it ran", e);
        }
    }
}
