package dev.cairn.pdf.internal;

import dev.cairn.api.CairnException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where {@code extract-text} keeps each page's text in the job's output dir, and how later steps read
 * it back: the raw text as PDFBox writes it ({@code text/page-NNNN.txt}, what word counts, chapter
 * headings and summaries use) and the same lines divided into paragraphs
 * ({@code paragraphs/page-NNNN.txt}, see {@link Paragraphs}; what the chapter Markdown is made of).
 */
public final class PageTextFiles {

    /** The directory under the job's output dir that holds the page texts. */
    public static final String DIR = "text";
    /** The directory under the job's output dir that holds the page paragraphs. */
    public static final String PARAGRAPHS_DIR = "paragraphs";

    private final Path dir;
    private final Path paragraphsDir;

    /** @param outputDir the job's output dir */
    public PageTextFiles(Path outputDir) {
        this.dir = outputDir.resolve(DIR);
        this.paragraphsDir = outputDir.resolve(PARAGRAPHS_DIR);
    }

    /** @return the directory holding the paragraph files */
    public Path paragraphsDir() {
        return paragraphsDir;
    }

    /**
     * @param page 1-based page number
     * @return the page's paragraph file, {@code paragraphs/page-0001.txt}
     */
    public Path paragraphsFile(int page) {
        return paragraphsDir.resolve(String.format("page-%04d.txt", page));
    }

    /**
     * Reads a page's paragraphs. A job whose text was extracted before paragraph files existed has
     * none; its raw text stands in, divided at blank lines only.
     *
     * @param page 1-based page number
     * @return the page's paragraphs, each a list of lines
     * @throws CairnException permanent when neither file exists (see {@link #open})
     * @throws IOException    on other read errors
     */
    public List<List<String>> paragraphs(int page) throws IOException {
        String text;
        try {
            text = Files.readString(paragraphsFile(page), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            try (Reader in = open(page)) {
                StringBuilder raw = new StringBuilder();
                char[] buffer = new char[8192];
                for (int n; (n = in.read(buffer)) >= 0; ) raw.append(buffer, 0, n);
                text = raw.toString();
            }
        }
        return Paragraphs.parse(text);
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
