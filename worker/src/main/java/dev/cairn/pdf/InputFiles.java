package dev.cairn.pdf;

import dev.cairn.api.pipeline.InvalidPayloadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Resolves a payload's {@code file} inside the input dir, refusing anything that would read outside it:
 * {@code ../} paths, absolute paths elsewhere, and symbolic links that lead out.
 */
final class InputFiles {

    private InputFiles() {
    }

    /** See {@link PdfProcessingPipeline#resolveInput(Path, String)}. */
    static Path resolve(Path inputDir, String file) {
        if (file == null || file.isBlank()) {
            throw new InvalidPayloadException("payload field 'file' is required (a non-empty string)");
        }
        Path given;
        try {
            given = Path.of(file);
        } catch (InvalidPathException e) {
            throw new InvalidPayloadException("payload field 'file' is not a valid path: '" + file + "'");
        }
        Path base = inputDir.toAbsolutePath().normalize();
        Path realBase = realPathOrNull(base);
        Path candidate = (given.isAbsolute() ? given : base.resolve(given)).normalize();

        // First the lexical check, before touching the file system, so "../etc/passwd" is refused
        // without revealing whether it exists. An absolute path may name the input dir by its real path.
        boolean inside = candidate.startsWith(base) || (realBase != null && candidate.startsWith(realBase));
        if (!inside || candidate.equals(base) || candidate.equals(realBase)) {
            throw new InvalidPayloadException("payload field 'file' must name a file inside the input dir, got '"
                    + file + "'");
        }
        if (realBase == null) throw missing(file);

        // Then the real path: a symbolic link inside the input dir may point anywhere.
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            throw new InvalidPayloadException("file '" + file + "' cannot be read: " + e.getMessage());
        }
        if (!real.startsWith(realBase)) {
            throw new InvalidPayloadException("file '" + file
                    + "' resolves outside the input dir (through a symbolic link); only files inside it are accepted");
        }
        if (!Files.isRegularFile(real)) {
            throw new InvalidPayloadException("file '" + file + "' is not a regular file");
        }
        return real;
    }

    private static InvalidPayloadException missing(String file) {
        return new InvalidPayloadException("file '" + file + "' does not exist in the input dir");
    }

    private static Path realPathOrNull(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return null; // no input dir yet: no file can exist in it
        }
    }
}
