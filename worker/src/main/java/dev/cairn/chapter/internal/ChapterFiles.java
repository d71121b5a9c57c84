package dev.cairn.chapter.internal;

import dev.cairn.api.CairnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a {@code chapter-generation} job keeps its results in its output dir: {@code outline.json},
 * {@code sections/NN.md} (one per section, numbered from 01, each a provider's reply as it came) and
 * {@code chapter.md}.
 */
public final class ChapterFiles {

    /** The validated outline. */
    public static final String OUTLINE_JSON = "outline.json";
    /** The directory of section texts. */
    public static final String SECTIONS_DIR = "sections";
    /** The assembled chapter. */
    public static final String CHAPTER_MD = "chapter.md";

    private final Path outputDir;

    /** @param outputDir the job's output dir */
    public ChapterFiles(Path outputDir) {
        this.outputDir = outputDir;
    }

    /** @return {@code outline.json} */
    public Path outline() {
        return outputDir.resolve(OUTLINE_JSON);
    }

    /** @return {@code chapter.md} */
    public Path chapter() {
        return outputDir.resolve(CHAPTER_MD);
    }

    /** @return the directory of section files */
    public Path sectionsDir() {
        return outputDir.resolve(SECTIONS_DIR);
    }

    /**
     * @param index 0-based section index
     * @return the section's file, {@code sections/01.md} for index 0
     */
    public Path section(int index) {
        return sectionsDir().resolve(String.format("%02d.md", index + 1));
    }

    /**
     * @param index 0-based section index
     * @return whether the section's text has been written (files are only ever written whole)
     */
    public boolean hasSection(int index) throws IOException {
        Path file = section(index);
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    /**
     * @param index 0-based section index
     * @return the section's text
     * @throws CairnException permanent when the file is missing: {@code sections} completed, so it will not
     *                        run again to write it
     */
    public String readSection(int index) throws IOException {
        try {
            return Files.readString(section(index), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CairnException.permanent("the text of section " + (index + 1) + " is missing (" + section(index)
                    + "); the job's output dir was changed while it ran", e);
        }
    }

    /** Deletes every section file: they belong to an outline that has just been replaced. */
    public void deleteSections() throws IOException {
        Path dir = sectionsDir();
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) Files.deleteIfExists(file);
        }
    }
}
