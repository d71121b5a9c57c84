package dev.cairn.jobs.internal;

import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.storage.ConcurrentJobModificationException;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.ThreadSafeStorageProvider;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The job storage as the job server sees it: every call goes to the storage as is, except the save that
 * records a job's success, which is {@linkplain GroupCommit group-committed}. JobRunr saves each job that
 * succeeded on its own, in a transaction of its own (a connection, an {@code UPDATE}, a commit that waits
 * for the database's disk); with a few dozen worker threads finishing short jobs, that commit per job is
 * most of what the database does. Here the successes that arrive while a save is under way are saved
 * together by the next one, through JobRunr's own bulk save (one transaction, one batched {@code UPDATE}).
 * Each worker thread still returns only once its job is stored, so JobRunr's filters run after the save as
 * before, and a job another thread changed meanwhile still fails its own save with
 * {@link ConcurrentJobModificationException}, and only its own.
 *
 * <p>Why a {@link ThreadSafeStorageProvider}: it is JobRunr's complete delegating provider, so only the save
 * is overridden here. The job server wraps this in a thread-safe provider of its own, which holds each
 * job's lock around its save; the bulk save below goes to the storage itself, under those locks, never
 * through a second lock of every job in the group.
 */
public final class GroupSavingStorageProvider extends ThreadSafeStorageProvider {

    /** Most successes in one save. */
    static final int MAX_GROUP = 200;
    /** Saves under way at once: a few, so the database flushes their commits together and keeps the job server's other queries served. */
    static final int MAX_IN_FLIGHT = 2;

    private final GroupCommit<Job> successes;

    public GroupSavingStorageProvider(StorageProvider storage) {
        super(storage);
        this.successes = new GroupCommit<>(MAX_GROUP, MAX_IN_FLIGHT, group -> {
            Map<Job, RuntimeException> failed = new IdentityHashMap<>();
            try {
                storage.save(group);
            } catch (ConcurrentJobModificationException e) {
                // why: JobRunr's bulk save commits the others and names the jobs changed meanwhile; each fails on its own
                for (Job job : e.getConcurrentUpdatedJobs()) failed.put(job, new ConcurrentJobModificationException(job));
            }
            return failed;
        }, storage::save);
    }

    @Override
    public Job save(Job job) {
        // why: only an existing job's success; a new job (version 0) and every other state keep JobRunr's own path
        if (job.getState() != StateName.SUCCEEDED || job.getVersion() == 0) return super.save(job);
        successes.write(job);
        return job;
    }
}
