package dev.cairn.jobs.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit: items written by concurrent callers while a write is under way are written together by
 * the next one (one transaction, one pooled connection, one commit instead of one each). A lone caller
 * writes at once, waiting for nothing; every caller returns once its own item is written, or throws its
 * own item's error.
 *
 * <p>No thread of its own: whichever waiting caller finds fewer than {@code maxInFlight} writes under way
 * does the next one for everybody queued. A group that fails as a whole is not trusted to say which item
 * was wrong: each of its items is written again alone by its own caller, so one bad item fails only its
 * own call. A group write may also fail some items on their own and store the rest (JobRunr's bulk save
 * does so on a concurrent modification): those items get their own error and are not written again.
 *
 * @param <T> what is written
 */
final class GroupCommit<T> {

    /** Writes a group in one go. */
    @FunctionalInterface
    interface GroupWrite<T> {
        /**
         * @return the items of the group that failed on their own with their error (by identity; empty when all
         * were written); the others are written
         * @throws RuntimeException when the group failed as a whole (none of it is written)
         */
        Map<T, RuntimeException> write(List<T> group);
    }

    private final int maxGroup;
    private final int maxInFlight;
    private final GroupWrite<T> groupWrite;
    private final Consumer<T> writeAlone;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupDone = lock.newCondition();
    private final Deque<Pending<T>> queue = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param maxGroup    most items in one write
     * @param maxInFlight writes under way at once
     * @param groupWrite  writes a group
     * @param writeAlone  writes one item of a group that failed as a whole, on its caller's thread
     */
    GroupCommit(int maxGroup, int maxInFlight, GroupWrite<T> groupWrite, Consumer<T> writeAlone) {
        if (maxGroup < 1 || maxInFlight < 1) throw new IllegalArgumentException("maxGroup and maxInFlight must be >= 1");
        this.maxGroup = maxGroup;
        this.maxInFlight = maxInFlight;
        this.groupWrite = groupWrite;
        this.writeAlone = writeAlone;
    }

    private static final class Pending<T> {
        final T item;
        boolean taken;
        boolean done;
        boolean groupFailed;
        RuntimeException error;

        Pending(T item) {
            this.item = item;
        }
    }

    /**
     * Writes the item, together with those of concurrent calls; returns once it is written.
     *
     * @throws RuntimeException this item's error
     */
    void write(T item) {
        Pending<T> me = new Pending<>(item);
        lock.lock();
        try {
            queue.add(me);
        } finally {
            lock.unlock();
        }
        while (!me.done) {
            List<Pending<T>> group = null;
            lock.lock();
            try {
                // why: wait while this item is in another call's write, or while every write slot is taken
                while (!me.done && (me.taken || inFlight >= maxInFlight)) groupDone.awaitUninterruptibly();
                if (!me.done) {
                    inFlight++;
                    group = drain();
                }
            } finally {
                lock.unlock();
            }
            if (group != null) writeGroup(group);
        }
        if (me.error != null) throw me.error;
        if (me.groupFailed) writeAlone.accept(item);
    }

    private List<Pending<T>> drain() {
        List<Pending<T>> group = new ArrayList<>(Math.min(queue.size(), maxGroup));
        while (!queue.isEmpty() && group.size() < maxGroup) {
            Pending<T> next = queue.poll();
            next.taken = true;
            group.add(next);
        }
        return group;
    }

    private void writeGroup(List<Pending<T>> group) {
        Map<T, RuntimeException> failures;
        RuntimeException groupError = null;
        try {
            failures = groupWrite.write(group.stream().map(p -> p.item).toList());
        } catch (RuntimeException e) {
            failures = Map.of();
            groupError = e;
        }
        Map<T, RuntimeException> own = new IdentityHashMap<>(failures);
        lock.lock();
        try {
            for (Pending<T> p : group) {
                if (groupError != null && group.size() == 1) {
                    p.error = groupError; // why: a group of one failed on its own item; writing it again alone would only repeat that
                } else if (groupError != null) {
                    p.groupFailed = true;
                } else {
                    p.error = own.get(p.item);
                }
                p.done = true;
            }
            inFlight--;
            groupDone.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
