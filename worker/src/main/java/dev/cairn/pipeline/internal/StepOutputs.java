package dev.cairn.pipeline.internal;

import dev.cairn.pipeline.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps step outputs small in the checkpoint: a value up to {@link #INLINE_LIMIT} characters is
 * stored inline ({@code =value}); a larger one is written to a file under the data dir and the
 * checkpoint holds a reference ({@code @steps/<jobId>/<step>.<token>.out}).
 *
 * <p>The file is named by the attempt's fencing token, so two attempts of one job (an old, fenced-off one
 * that still runs and its replacement) never write the same file: the checkpoint write that records the
 * reference is what makes a file count, and an attempt whose write is refused {@link #discard}s its file.
 * A fenced-off attempt therefore cannot replace the file the winner's checkpoint points to, nor leave one
 * behind after the winner's clean-up.
 */
public final class StepOutputs {

    /** Largest output kept inside the checkpoint hash. */
    public static final int INLINE_LIMIT = 4096;

    private final Path dataDir;
    private final Path root;

    /**
     * @param dataDir the data dir references are relative to
     * @param root    where spilled outputs go (under the data dir)
     */
    public StepOutputs(Path dataDir, Path root) {
        this.dataDir = dataDir;
        this.root = root;
    }

    /** @return what to store in the checkpoint for this output ({@code null} for none) */
    public String encode(String jobId, String token, String step, String value) {
        if (value == null) return null;
        if (value.length() <= INLINE_LIMIT) return "=" + value;
        Path file = root.resolve(jobId).resolve(step + "." + token + ".out");
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the output of step " + step + " in " + file, e);
        }
        return "@" + dataDir.relativize(file);
    }

    /** @return the output that {@link #encode} stored */
    public Optional<String> decode(String stored) {
        if (stored == null) return Optional.empty();
        if (stored.startsWith("=")) return Optional.of(stored.substring(1));
        if (stored.startsWith("@")) {
            Path file = dataDir.resolve(stored.substring(1));
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("the stored output " + file + " of an earlier step is missing or unreadable", e);
            }
        }
        return Optional.of(stored);
    }

    /**
     * Deletes the file an {@link #encode} wrote, when the checkpoint write that was to record it was refused
     * (the attempt was fenced off), and the job's directory with it when nothing else is left in it (the winner
     * cleaned up already).
     *
     * @param stored what {@link #encode} returned; an inline value or {@code null} is ignored
     */
    public void discard(String stored) {
        if (stored == null || !stored.startsWith("@")) return;
        Path file = dataDir.resolve(stored.substring(1));
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        } catch (IOException e) {
            // why: a non-empty directory belongs to the winner; a file left over is removed with the job's outputs
        }
    }

    /** Removes a job's spilled outputs once it succeeded. */
    public void deleteJob(String jobId) {
        FileTrees.deleteQuietly(root.resolve(jobId));
    }
}
