package dev.cairn.ops;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, found from wherever the tests run (Maven runs them in {@code worker/}), for tests of its ops files. */
final class ProjectRoot {

    private ProjectRoot() {
    }

    /** @return the nearest directory at or above {@code user.dir} that has {@code dashboard-config/} */
    static Path find() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("dashboard-config"))) return dir;
        }
        throw new IllegalStateException("no dashboard-config/ at or above " + start);
    }
}
