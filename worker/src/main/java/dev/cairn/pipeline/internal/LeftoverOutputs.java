package dev.cairn.pipeline.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The output directory a job finds already there at its very first step, last written before the job was
 * created: it belongs to an earlier job with the same id (ids are derived from idempotency keys, and a key is
 * free again once JobRunr deleted its job). The new job must not mix its results with those, nor overwrite
 * them half-way, so they are moved aside, never deleted: they are somebody's results, and Cairn deletes no
 * results.
 */
public final class LeftoverOutputs {

    /** Names the moved directory after the time the earlier job last wrote to it. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private LeftoverOutputs() {
    }

    /**
     * Moves {@code jobDir} to {@code <jobDir>.replaced-<time it was last written>} (a number appended if that
     * exists too), when it exists, is not empty and was last written before {@code created}; an empty one
     * written before then is removed. One written since is the job's own (Redis lost its checkpoint, and its
     * files let it resume): it stays.
     *
     * @param jobDir  a job's output directory
     * @param created when the job was created
     * @return where its contents went; empty when there was nothing to move
     * @throws IOException when it cannot be moved (the job must not run over it)
     */
    public static Optional<Path> moveAsideIfOlder(Path jobDir, Instant created) throws IOException {
        if (!Files.isDirectory(jobDir)) return Optional.empty();
        // why the directory's time: an entry created or removed in it updates it, so the job's own first file
        // (which can only come after the job was created) makes it newer than the job
        if (!Files.getLastModifiedTime(jobDir).toInstant().isBefore(created)) return Optional.empty();
        try (Stream<Path> entries = Files.list(jobDir)) {
            if (entries.findAny().isEmpty()) {
                Files.deleteIfExists(jobDir);
                return Optional.empty();
            }
        }
        String base = jobDir.getFileName() + ".replaced-" + STAMP.format(Files.getLastModifiedTime(jobDir).toInstant());
        Path target = jobDir.resolveSibling(base);
        for (int n = 2; Files.exists(target); n++) target = jobDir.resolveSibling(base + "-" + n);
        // why: a rename within the output directory: atomic, and costs nothing however large the results
        return Optional.of(Files.move(jobDir, target));
    }
}
