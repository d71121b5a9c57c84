package dev.cairn.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File helpers for the benchmarks' scratch directories. */
public final class Files2 {

    private Files2() {
    }

    /** Deletes a directory tree, ignoring what cannot be deleted. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // scratch space: best effort
                }
            });
        } catch (IOException ignored) {
            // scratch space: best effort
        }
    }
}
