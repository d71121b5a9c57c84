package dev.cairn.jobs.internal;

import org.jobrunr.scheduling.JobRequestScheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>No thread of its own: whichever waiting request finds fewer than {@value #MAX_IN_FLIGHT} inserts under
 * way does the next one for everybody queued, and every request returns once its own job is stored (or failed). A group that
 * fails is not trusted to say which job was wrong: each of its jobs is inserted again alone, so one bad
 * job (an id another request stored meanwhile) fails only its own request.
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

    private final JobRequestScheduler scheduler;
    private final Runnable afterGroup;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupDone = lock.newCondition();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param scheduler  JobRunr's scheduler on the job storage
     * @param afterGroup run once after each group that stored at least one job (wakes the fleet once per group)
     */
    GroupInserter(JobRequestScheduler scheduler, Runnable afterGroup) {
        this.scheduler = scheduler;
        this.afterGroup = afterGroup;
    }

    private static final class Pending {
        final PreparedJob job;
        boolean taken;
        boolean done;
        boolean groupFailed;

        Pending(PreparedJob job) {
            this.job = job;
        }
    }

    /**
     * Stores the job, together with those of concurrent calls; returns once it is stored.
     *
     * @throws RuntimeException what JobRunr's storage threw for this job
     */
    void insert(PreparedJob job) {
        Pending me = new Pending(job);
        lock.lock();
        try {
            queue.add(me);
        } finally {
            lock.unlock();
        }
        while (!me.done) {
            List<Pending> group = null;
            lock.lock();
            try {
                // why: wait while this job is in another call's insert, or while every insert slot is taken
                while (!me.done && (me.taken || inFlight >= MAX_IN_FLIGHT)) groupDone.awaitUninterruptibly();
                if (!me.done) {
                    inFlight++;
                    group = drain();
                }
            } finally {
                lock.unlock();
            }
            // why: a group of one is this call's own job (it was still queued); its error is thrown here
            if (group != null) insertGroup(group);
        }
        if (me.groupFailed) {
            // why: the group failed as a whole; alone, this job either goes in or fails with its own error
            scheduler.create(java.util.stream.Stream.of(me.job.builder()));
            afterGroup.run();
        }
    }

    private List<Pending> drain() {
        List<Pending> group = new ArrayList<>(Math.min(queue.size(), MAX_GROUP));
        while (!queue.isEmpty() && group.size() < MAX_GROUP) {
            Pending next = queue.poll();
            next.taken = true;
            group.add(next);
        }
        return group;
    }

    private void insertGroup(List<Pending> group) {
        boolean stored = false;
        try {
            scheduler.create(group.stream().map(p -> p.job.builder()));
            stored = true;
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                finish(group, false);
                throw e;
            }
        }
        finish(group, !stored);
        if (stored) afterGroup.run();
    }

    private void finish(List<Pending> group, boolean failed) {
        lock.lock();
        try {
            for (Pending p : group) {
                p.groupFailed = failed;
                p.done = true;
            }
            inFlight--;
            groupDone.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
