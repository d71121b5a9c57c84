package dev.cairn.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader (or a rerun after {@code kill -9}) only ever sees the old complete
 * file or the new complete one, never a half-written one: the bytes go to a hidden temp file in the
 * same directory, which is then renamed over the target.
 *
 * <p>No fsync: the pipeline promises resume after a process crash, where the page cache survives; it
 * does not promise durability across power loss, and an fsync per page would dominate text extraction.
 */
public final class AtomicFiles {

    /** Temp files are named {@code .<target name>.<owner>.tmp}; see {@link #deleteStaleTemps(Path)}. */
    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Streaming content for {@link #write(Path, Content)}. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where to write the file's text (UTF-8); not to be closed
         * @throws IOException on a write error
         */
        void writeTo(Writer out) throws IOException;
    }

    /**
     * @param target the file to create or replace; its directory must exist
     * @param text   the complete content, written as UTF-8
     * @throws IOException when the file cannot be written
     */
    public static void writeString(Path target, String text) throws IOException {
        Path temp = tempFor(target);
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            moveIntoPlace(temp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Like {@link #writeString(Path, String)} for content too large to build as one string.
     *
     * @param target  the file to create or replace; its directory must exist
     * @param content writes the complete content
     * @throws IOException when the file cannot be written
     */
    public static void write(Path target, Content content) throws IOException {
        Path temp = tempFor(target);
        try {
            try (Writer out = new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(temp), StandardCharsets.UTF_8), 64 * 1024)) {
                content.writeTo(out);
            }
            moveIntoPlace(temp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Removes temp files a killed process left behind in {@code dir}, so a finished job's output
     * directory holds only real results. Safe to call when the directory does not exist.
     *
     * @param dir a directory written through this class
     * @throws IOException when the directory cannot be listed
     */
    public static void deleteStaleTemps(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    // The owner part (pid + thread) keeps two attempts of the same job that briefly overlap (an old,
    // fenced-off one and its replacement) from writing into the same temp file.
    private static Path tempFor(Path target) {
        String owner = ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId();
        return target.resolveSibling("." + target.getFileName() + "." + owner + TEMP_SUFFIX);
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain replace is the best left.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
