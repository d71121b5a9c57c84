package dev.cairn.jobs.internal;

import org.jobrunr.scheduling.JobRequestScheduler;

import java.util.Map;
import java.util.stream.Stream;

/**
 * Group commit for single submissions: jobs submitted by concurrent requests while an insert is under way
 * are inserted together by the next one, through JobRunr's bulk path (one transaction, one pooled
 * connection). A lone request inserts at once, waiting for nothing; under load, one round trip to the
 * database serves many requests instead of each waiting for a connection of its own, which the job
 * server's threads hold most of the time. Up to {@value #MAX_IN_FLIGHT} inserts run at once.
 *
 * <p>Always JobRunr's bulk path, even for one job: its single-job path skips an id that exists already
 * without a word, which would answer a request that lost a race for an idempotency key as if it had
 * created the job; the bulk path fails, and the caller looks the key up.
 *
 * <p>The grouping is {@link GroupCommit}'s: a group that fails is not trusted to say which job was wrong, so
 * each of its jobs is inserted again alone, and one bad job (an id another request stored meanwhile) fails
 * only its own request.
 */
final class GroupInserter {

    /** Most jobs in one insert. */
    static final int MAX_GROUP = 500;
    /**
     * Inserts under way at once. A commit waits for the database's disk (a few ms, most of an insert's
     * time), so one insert at a time would leave the database idle between groups; a few at once keep it
     * busy, and it flushes their commits together. Few enough to leave the job server its connections.
     */
    static final int MAX_IN_FLIGHT = 3;

    private final GroupCommit<PreparedJob> commit;

    /**
     * @param scheduler  JobRunr's scheduler on the job storage
     * @param afterGroup run once after each group that stored at least one job (wakes the fleet once per group)
     */
    GroupInserter(JobRequestScheduler scheduler, Runnable afterGroup) {
        this.commit = new GroupCommit<>(MAX_GROUP, MAX_IN_FLIGHT, group -> {
            scheduler.create(group.stream().map(PreparedJob::builder));
            afterGroup.run();
            return Map.of();
        }, alone -> {
            // why: the group failed as a whole; alone, this job either goes in or fails with its own error
            scheduler.create(Stream.of(alone.builder()));
            afterGroup.run();
        });
    }

    /**
     * Stores the job, together with those of concurrent calls; returns once it is stored.
     *
     * @throws RuntimeException what JobRunr's storage threw for this job
     */
    void insert(PreparedJob job) {
        commit.write(job);
    }
}
