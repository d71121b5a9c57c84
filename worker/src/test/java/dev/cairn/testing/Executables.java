package dev.cairn.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Tools of the machine some tests need ({@code redis-server}, {@code openssl}, …); those tests skip without them. */
public final class Executables {

    private Executables() {
    }

    /** @return whether {@code tool} is an executable in a directory of the {@code PATH} */
    public static boolean onPath(String tool) {
        return find(tool).isPresent();
    }

    /** @return the first executable named {@code tool} in the directories of the {@code PATH} */
    public static Optional<Path> find(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
