package dev.cairn.jobs.internal;

import dev.cairn.jobs.internal.GroupSavingStorageProvider;
import org.jobrunr.storage.StorageProvider;

/** The job storage as Cairn's job server uses it. */
public final class JobServerStorage {

    private JobServerStorage() {
    }

    /**
     * @return {@code storage} with the saves that record jobs' successes group-committed: those that arrive
     * while one is under way are saved together, in one transaction (see {@link GroupSavingStorageProvider})
     */
    public static StorageProvider groupingSuccesses(StorageProvider storage) {
        return new GroupSavingStorageProvider(storage);
    }
}
