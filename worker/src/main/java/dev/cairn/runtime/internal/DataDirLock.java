package dev.cairn.runtime.internal;

import dev.cairn.config.ConfigException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the data dir while a worker uses its embedded Redis or H2. A second worker on the
 * same dir would otherwise take over (and stop) the first one's Redis. The operating system releases the
 * lock when the process dies, so a worker killed with {@code kill -9} does not block its successor.
 */
public final class DataDirLock implements AutoCloseable {

    private static final String LOCK_FILE = ".cairn-worker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dataDir the data dir (created beforehand)
     * @return the held lock
     * @throws ConfigException naming CAIRN_DATA_DIR when another worker holds it
     */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(LOCK_FILE);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new ConfigException("CAIRN_DATA_DIR", "(" + dataDir + ") is in use by another running worker; "
                        + "with the embedded Redis and H2 only one worker can use a data dir: stop it, choose another "
                        + "CAIRN_DATA_DIR, or set CAIRN_REDIS_URL and CAIRN_DATABASE_URL to share real services");
            }
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            throw new ConfigException("CAIRN_DATA_DIR", "(" + dataDir + ") cannot be locked: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
