package dev.cairn.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tools of the machine some tests need ({@code redis-server}, {@code openssl}, …); those tests skip without them. */
public final class Executables {

    private Executables() {
    }

    /** @return whether {@code tool} is an executable in a directory of the {@code PATH} */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }
}
