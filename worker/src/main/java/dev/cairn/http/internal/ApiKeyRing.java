package dev.cairn.http.internal;

import dev.cairn.config.ApiKeysFile;
import dev.cairn.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The keys of {@code CAIRN_API_KEYS_FILE}, by digest. The file is looked at again at most every
 * {@link #RECHECK_NANOS}, and read again when its size or modification time changed, so a key that
 * {@code cairn keys add} appends (or a line deleted to revoke one) counts within seconds, without a restart. A file
 * that became unreadable or invalid keeps the keys last read (a half-written edit must not lock every producer
 * out) and is logged once per change.
 */
final class ApiKeyRing {

    /** How often the file's size and modification time are compared. */
    static final long RECHECK_NANOS = 2_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(ApiKeyRing.class);

    private final Path file;
    private final LongSupplier nanoTime;
    private volatile Map<String, ApiKeysFile.Entry> byDigest = Map.of();
    private volatile long checkedAt;
    private String seen = "";

    /**
     * @param file     the keys file; empty for none (no key is known)
     * @param nanoTime a monotonic clock ({@code System::nanoTime})
     */
    ApiKeyRing(Optional<Path> file, LongSupplier nanoTime) {
        this.file = file.orElse(null);
        this.nanoTime = nanoTime;
        if (this.file != null) {
            reload(true);
            checkedAt = nanoTime.getAsLong();
        }
    }

    /** @return whether a keys file is configured */
    boolean configured() {
        return file != null;
    }

    /**
     * @param presented a bearer token a caller sent
     * @return its key's entry, when it is a key of the file
     */
    Optional<ApiKeysFile.Entry> find(String presented) {
        if (file == null) return Optional.empty();
        long now = nanoTime.getAsLong();
        if (now - checkedAt >= RECHECK_NANOS) {
            synchronized (this) {
                if (now - checkedAt >= RECHECK_NANOS) {
                    reload(false);
                    checkedAt = now;
                }
            }
        }
        // why: a plain map lookup by digest; its timing can only tell an attacker about digests of their own guesses
        return Optional.ofNullable(byDigest.get(ApiKeysFile.digest(presented)));
    }

    private void reload(boolean atStart) {
        String stamp;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
        } catch (IOException e) {
            stamp = "unreadable: " + e;
        }
        if (stamp.equals(seen)) return;
        seen = stamp;
        try {
            Map<String, ApiKeysFile.Entry> keys = new HashMap<>();
            for (ApiKeysFile.Entry entry : ApiKeysFile.read(file)) keys.put(entry.digest(), entry);
            byDigest = Map.copyOf(keys);
            if (!atStart) log.info("read {} API key(s) from {} again", keys.size(), file);
        } catch (ConfigException e) {
            if (atStart) throw e;
            log.warn("{}; the {} key(s) read before stay in use until the file is fixed", e.getMessage(), byDigest.size());
        }
    }
}
