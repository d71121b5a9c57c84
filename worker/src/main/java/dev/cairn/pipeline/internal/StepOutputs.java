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
 * checkpoint holds a reference ({@code @steps/<jobId>/<step>.out}).
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
    public String encode(String jobId, String step, String value) {
        if (value == null) return null;
        if (value.length() <= INLINE_LIMIT) return "=" + value;
        Path file = root.resolve(jobId).resolve(step + ".out");
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

    /** Removes a job's spilled outputs once it succeeded. */
    public void deleteJob(String jobId) {
        FileTrees.deleteQuietly(root.resolve(jobId));
    }
}
