package dev.cairn.http;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.JobView;
import dev.cairn.jobs.JobService;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link JobService} for HTTP and CLI tests: records submissions, hands out ids {@code job-1},
 * {@code job-2}, …, returns the {@link JobView}s a test puts in, and throws what a test tells it to.
 */
public final class FakeJobService implements JobService {

    /** Every submission that reached the service, in order. */
    public final List<JobSubmission> submissions = new CopyOnWriteArrayList<>();
    /** The jobs {@link #find} knows, by id. */
    public final Map<String, JobView> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile RuntimeException failure;

    /** @param failure thrown by every later {@link #submit} and {@link #find}; {@code null} to stop */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public SubmitResult submit(JobSubmission submission) {
        if (failure != null) throw failure;
        submissions.add(submission);
        if (submission.idempotencyKey() != null && byKey.containsKey(submission.idempotencyKey())) {
            return new SubmitResult(byKey.get(submission.idempotencyKey()), false);
        }
        String id = "job-" + ids.incrementAndGet();
        if (submission.idempotencyKey() != null) byKey.put(submission.idempotencyKey(), id);
        return new SubmitResult(id, true);
    }

    @Override
    public Optional<JobView> find(String jobId) {
        if (failure != null) throw failure;
        return Optional.ofNullable(jobs.get(jobId));
    }
}
