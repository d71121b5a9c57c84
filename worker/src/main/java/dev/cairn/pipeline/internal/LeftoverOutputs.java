package dev.cairn.pipeline.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The output directory a job finds already there at its very first step: it belongs to an earlier job
 * with the same id (ids are derived from idempotency keys, and a key is free again once JobRunr deleted
 * its job). The new job must not mix its results with those, nor overwrite them half-way, so they are
 * moved aside, never deleted: they are somebody's results, and Cairn deletes no results.
 */
public final class LeftoverOutputs {

    /** Names the moved directory after the time the earlier job last wrote to it. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private LeftoverOutputs() {
    }

    /**
     * Moves {@code jobDir} to {@code <jobDir>.replaced-<time it was last written>} (a number appended if that
     * exists too), when it exists and is not empty; an empty one is removed.
     *
     * @param jobDir a job's output directory
     * @return where its contents went; empty when there was nothing to move
     * @throws IOException when it cannot be moved (the job must not run over it)
     */
    public static Optional<Path> moveAside(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) return Optional.empty();
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
