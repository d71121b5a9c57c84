package dev.cairn.runtime.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code <data dir>/cairn-worker.pid}: the running worker's process id, so a person (or the README's crash demo,
 * {@code kill -9 $(cat data/cairn-worker.pid)}) can signal this worker and not every Java process on the host. Removed
 * on a clean stop when it still names this process; a {@code kill -9} leaves it behind, and the next worker
 * overwrites it.
 */
public final class PidFile implements AutoCloseable {

    /** The file's name in the data dir. */
    public static final String NAME = "cairn-worker.pid";

    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

    private final Path file;
    private final long pid;

    private PidFile(Path file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    /**
     * @param dataDir the worker's data dir
     * @return the written file; a file that cannot be written is logged and skipped (the worker runs without it)
     */
    public static PidFile write(Path dataDir) {
        long pid = ProcessHandle.current().pid();
        Path file = dataDir.resolve(NAME);
        try {
            Files.createDirectories(dataDir);
            Files.writeString(file, pid + System.lineSeparator(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("Cannot write the worker's process id to {}: {}", file, e.getMessage());
            return new PidFile(null, pid);
        }
        return new PidFile(file, pid);
    }

    /** @return this process's id */
    public long pid() {
        return pid;
    }

    /** @return where the id was written, or {@code null} when it could not be */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (file == null) return;
        try {
            // why: another worker started on the same data dir may have written its own id since
            if (Files.readString(file, StandardCharsets.US_ASCII).strip().equals(Long.toString(pid))) Files.deleteIfExists(file);
        } catch (IOException e) {
            // gone already, or unreadable: nothing to clean up
        }
    }
}
