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
    public dev.cairn.jobs.JobList.Page list(dev.cairn.jobs.JobList.Query query) {
        if (failure != null) throw failure;
        List<dev.cairn.jobs.JobList.Summary> matching = jobs.values().stream()
                .filter(j -> query.state().map(j.state()::equals).orElse(true))
                .filter(j -> query.type().map(j.type()::equals).orElse(true))
                .filter(j -> query.since().map(s -> !j.updatedAt().isBefore(s)).orElse(true))
                .sorted(java.util.Comparator.comparing(JobView::updatedAt).reversed().thenComparing(JobView::jobId))
                .map(j -> new dev.cairn.jobs.JobList.Summary(j.jobId(), j.type(), j.state(), j.createdAt(), j.updatedAt(), j.attempts(), null))
                .toList();
        int end = Math.min(matching.size(), query.offset() + query.limit());
        List<dev.cairn.jobs.JobList.Summary> page = query.offset() >= matching.size() ? List.of() : matching.subList(query.offset(), end);
        return new dev.cairn.jobs.JobList.Page(page, end < matching.size() ? Integer.toString(end) : null);
    }

    @Override
    public dev.cairn.jobs.JobCounts counts() {
        if (failure != null) throw failure;
        Map<String, Long> byState = new java.util.TreeMap<>();
        Map<String, Map<String, Long>> byType = new java.util.TreeMap<>();
        for (JobView job : jobs.values()) {
            byState.merge(job.state(), 1L, Long::sum);
            byType.computeIfAbsent(job.state(), s -> new java.util.TreeMap<>()).merge(job.type(), 1L, Long::sum);
        }
        return new dev.cairn.jobs.JobCounts(byState, byType, 1000);
    }

    @Override
    public Optional<JobView> find(String jobId) {
        if (failure != null) throw failure;
        return Optional.ofNullable(jobs.get(jobId));
    }
}
