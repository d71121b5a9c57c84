package dev.cairn.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from wherever the tests run (Maven runs them in {@code worker/}). */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** @return the nearest directory at or above {@code user.dir} that holds {@code docs/design.md} and {@code worker/} */
    static Path root() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/design.md")) && Files.isDirectory(dir.resolve("worker"))) return dir;
        }
        throw new IllegalStateException("no docs/design.md next to worker/ at or above " + start);
    }
}
