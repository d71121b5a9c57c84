package dev.cairn.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A one-line note a pipeline leaves for the user in its job's output dir ({@value #FILE}), e.g. that its
 * text was chosen offline rather than written by a language model. A finished job's result shows it as
 * {@code "note"}, and {@code cairn status} prints it.
 */
public final class JobNote {

    /** The note's file in a job's output dir. */
    public static final String FILE = "note.txt";
    /** The longest note shown; a longer file is cut. */
    public static final int MAX_CHARS = 500;

    private JobNote() {
    }

    /**
     * Writes the note, or deletes an old one when there is none, so a rerun leaves the same files.
     *
     * @param jobOutputDir the job's output dir
     * @param note         the note, {@code null} or blank for none
     */
    public static void write(Path jobOutputDir, String note) throws IOException {
        Path file = jobOutputDir.resolve(FILE);
        if (note == null || note.isBlank()) {
            Files.deleteIfExists(file);
        } else {
            AtomicFiles.writeString(file, note.strip().replaceAll("\\s+", " ") + "\n");
        }
    }

    /**
     * @param jobOutputDir the job's output dir
     * @return the note, empty when there is none or it cannot be read
     */
    public static Optional<String> read(Path jobOutputDir) {
        Path file = jobOutputDir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        char[] buffer = new char[MAX_CHARS];
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (int r; n < MAX_CHARS && (r = in.read(buffer, n, MAX_CHARS - n)) >= 0; ) n += r;
            String note = new String(buffer, 0, n).strip();
            return note.isEmpty() ? Optional.empty() : Optional.of(note);
        } catch (IOException e) {
            // why: a note is a courtesy; a job's status must not fail because of it
            return Optional.empty();
        }
    }
}
