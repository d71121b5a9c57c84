package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.nio.file.Path;

/**
 * Where the worker keeps its files.
 *
 * @param dataDir   {@code CAIRN_DATA_DIR}: H2 database, embedded Redis, large step outputs
 * @param inputDir  {@code CAIRN_INPUT_DIR}: uploaded PDFs; job payloads may only name files in here
 * @param outputDir {@code CAIRN_OUTPUT_DIR}: one directory of results per job
 */
public record Directories(Path dataDir, Path inputDir, Path outputDir) {

    /** Default data dir, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("data");

    static Directories fromEnv(EnvReader env) {
        Path data = env.path("CAIRN_DATA_DIR").orElse(DEFAULT_DATA_DIR).toAbsolutePath().normalize();
        Path input = env.path("CAIRN_INPUT_DIR").orElse(data.resolve("input")).toAbsolutePath().normalize();
        Path output = env.path("CAIRN_OUTPUT_DIR").orElse(data.resolve("output")).toAbsolutePath().normalize();
        return new Directories(data, input, output);
    }

    /** @return where the embedded Redis keeps its append-only file */
    public Path redisDir() {
        return dataDir.resolve("redis");
    }

    /** @return where large step outputs are spilled, one directory per job */
    public Path stepOutputDir() {
        return dataDir.resolve("steps");
    }

    /** @return per-job scratch space */
    public Path workDir() {
        return dataDir.resolve("work");
    }
}
