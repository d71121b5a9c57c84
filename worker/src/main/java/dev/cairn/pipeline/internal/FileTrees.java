package dev.cairn.pipeline.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting directory trees. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes a tree, ignoring what cannot be deleted (it is scratch space). */
    public static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // why: a leftover scratch file is harmless
                }
            });
        } catch (IOException ignored) {
            // why: as above
        }
    }
}
