package dev.cairn.bench.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JVM options of the JDK 25 AOT cache as {@code ./cairn worker} uses them ({@code scripts/aot-cache.sh}), for the
 * bench's children that train a cache or start from one: the start-up figure and the throughput group's
 * {@code -Dcairn.bench.throughput.aot}.
 */
public final class AotCacheOptions {

    private AotCacheOptions() {
    }

    /**
     * @return the options of a training run: the JVM writes the cache to {@code cache} when it exits normally (SIGTERM);
     * {@code -Xlog:aot=off}, or its exit prints a warning for every class it leaves out
     */
    public static List<String> training(Path cache) {
        return List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off");
    }

    /** @return the options of a start from {@code cache}; {@code AOTMode=on}: a cache the JVM cannot use fails the start */
    public static List<String> startingFrom(Path cache) {
        return List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache);
    }

    /**
     * @param trainer what ran the training, for the message
     * @return the size of the cache a training run wrote, in bytes
     * @throws IllegalStateException when it wrote none, or an empty one
     */
    public static long requireWritten(Path cache, String trainer) {
        try {
            long size = Files.isRegularFile(cache) ? Files.size(cache) : 0;
            if (size == 0) throw new IllegalStateException(trainer + " exited without writing " + cache);
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
