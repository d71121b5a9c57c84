package dev.cairn.http;

import dev.cairn.config.CairnConfig;
import dev.cairn.dlq.DlqDisabledException;
import dev.cairn.dlq.DlqEntry;
import dev.cairn.dlq.DlqHealth;
import dev.cairn.dlq.DlqPage;
import dev.cairn.dlq.DlqQuery;
import dev.cairn.dlq.DlqService;
import dev.cairn.dlq.DlqStats;
import dev.cairn.dlq.NotInDlqException;
import dev.cairn.redis.RedisUnavailableException;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An in-memory {@link DlqService} for HTTP and CLI tests: holds the entries a test puts in, records the
 * queries and retries that reached it, and behaves like the real one where the API depends on it
 * (newest first, cursor = the last job id of the page, 404 for unknown jobs, disabled = 409).
 */
public final class FakeDlqService implements DlqService {

    /** A bulk retry as the service received it. */
    public record BulkRetry(Optional<String> type, Optional<String> signature, double perSecond) {
    }

    /** The entries, by job id. */
    public final Map<String, DlqEntry> entries = new ConcurrentHashMap<>();
    /** Every query {@link #list} and {@link #export} received, in order. */
    public final List<DlqQuery> queries = new CopyOnWriteArrayList<>();
    /** The job ids {@link #retry} re-enqueued. */
    public final List<String> retried = new CopyOnWriteArrayList<>();
    /** Every bulk retry received. */
    public final List<BulkRetry> bulkRetries = new CopyOnWriteArrayList<>();
    /** Whether the queue is on; off, every operation but {@link #health()} throws {@link DlqDisabledException}. */
    public volatile boolean enabled = true;
    /** What {@link #cleanup()} reports. */
    public volatile long cleanupRemoves;
    /** Thrown by {@link #export} after this many entries; {@code -1} never. */
    public volatile int failExportAfter = -1;
    private volatile RuntimeException failure;

    /** @param failure thrown by every later call; {@code null} to stop */
    public void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /**
     * Puts an entry in.
     *
     * @param jobId        the job
     * @param type         its type
     * @param errorClass   the error's class
     * @param message      the error's message
     * @param lastFailedAt when it failed
     * @return the entry
     */
    public DlqEntry add(String jobId, String type, String errorClass, String message, Instant lastFailedAt) {
        return add(jobId, type, errorClass, message, lastFailedAt, false);
    }

    /**
     * Adds an entry whose failure was permanent or not.
     *
     * @param permanent whether the failure was permanent
     * @return the entry
     */
    public DlqEntry add(String jobId, String type, String errorClass, String message, Instant lastFailedAt, boolean permanent) {
        DlqEntry entry = new DlqEntry(jobId, type, Map.of("file", jobId + ".pdf"), errorClass, message,
                errorClass + ": " + message + "\n\tat dev.cairn.Some.place(Some.java:1)", signature(errorClass, message), 3,
                lastFailedAt.minus(Duration.ofMinutes(5)), lastFailedAt, "inspect", "http://127.0.0.1:8000/dashboard/jobs/" + jobId, permanent);
        entries.put(jobId, entry);
        return entry;
    }

    /** @return the signature the fake gives an error: the simple class name and the message */
    public static String signature(String errorClass, String message) {
        return errorClass.substring(errorClass.lastIndexOf('.') + 1) + ": " + message;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public Optional<DlqEntry> find(String jobId) {
        check();
        return Optional.ofNullable(entries.get(jobId));
    }

    @Override
    public DlqPage list(DlqQuery query) {
        check();
        queries.add(query);
        List<DlqEntry> matching = newestFirst(query);
        int start = 0;
        if (query.cursor().isPresent()) {
            String cursor = query.cursor().get();
            List<String> ids = matching.stream().map(DlqEntry::jobId).toList();
            int at = cursor.startsWith("after:") ? ids.indexOf(cursor.substring("after:".length())) : -1;
            if (at < 0) throw new IllegalArgumentException("cursor '" + cursor + "' is not one this API handed out");
            start = at + 1;
        }
        List<DlqEntry> page = matching.subList(start, Math.min(matching.size(), start + query.limit()));
        boolean more = start + page.size() < matching.size();
        // as the real queue: no total for filters it cannot count without reading every entry
        int indexFilters = (query.type().isPresent() ? 1 : 0) + (query.signature().isPresent() ? 1 : 0) + (query.since().isPresent() ? 1 : 0);
        boolean counted = query.errorClass().isEmpty() && query.text().isEmpty() && indexFilters <= 1;
        return new DlqPage(page, counted ? (long) matching.size() : null, more ? "after:" + page.getLast().jobId() : null);
    }

    @Override
    public long export(DlqQuery query, Consumer<DlqEntry> sink) {
        check();
        queries.add(query);
        long n = 0;
        for (DlqEntry entry : newestFirst(query)) {
            if (n == failExportAfter) throw redisDown("exporting the dead-letter queue");
            sink.accept(entry);
            n++;
        }
        return n;
    }

    @Override
    public RetryResult retry(String jobId) {
        check();
        DlqEntry entry = entries.remove(jobId);
        if (entry == null) throw new NotInDlqException(jobId);
        retried.add(jobId);
        return new RetryResult(jobId, true, "extract-text",
                "job " + jobId + " is re-enqueued and resumes from its checkpoint at step 'extract-text'");
    }

    @Override
    public BulkRetryResult retryMatching(Optional<String> type, Optional<String> signature, double perSecond) {
        check();
        if (type.isEmpty() && signature.isEmpty()) {
            throw new IllegalArgumentException("a bulk retry needs a type or a signature (retry a single job by its id)");
        }
        bulkRetries.add(new BulkRetry(type, signature, perSecond));
        List<String> ids = entries.values().stream()
                .filter(e -> type.map(e.type()::equals).orElse(true) && signature.map(e.signature()::equals).orElse(true))
                .sorted(Comparator.comparing(DlqEntry::lastFailedAt))
                .map(DlqEntry::jobId)
                .toList();
        return new BulkRetryResult(ids.size(), perSecond, ids);
    }

    @Override
    public boolean remove(String jobId) {
        check();
        return entries.remove(jobId) != null;
    }

    @Override
    public long cleanup() {
        check();
        return cleanupRemoves;
    }

    @Override
    public DlqHealth health() {
        if (failure != null) throw failure;
        if (!enabled) return DlqHealth.disabled(RunningApi.NOW);
        List<DlqEntry> all = newestFirst(DlqQuery.all());
        DlqStats stats = new DlqStats(all.size(),
                all.stream().filter(e -> e.lastFailedAt().isAfter(RunningApi.NOW.minus(Duration.ofHours(24)))).count(),
                counts(all, DlqEntry::type), counts(all, DlqEntry::signature),
                all.stream().map(DlqEntry::lastFailedAt).min(Comparator.naturalOrder()),
                all.stream().map(DlqEntry::lastFailedAt).max(Comparator.naturalOrder()), 10_000);
        return DlqHealth.assess(stats, CairnConfig.fromEnv(Map.of()).dlq(), RunningApi.NOW);
    }

    /** @return what the real queue throws when Redis cannot be reached */
    public static RedisUnavailableException redisDown(String what) {
        return new RedisUnavailableException(what, new ConnectException("Connection refused"));
    }

    private void check() {
        if (failure != null) throw failure;
        if (!enabled) throw new DlqDisabledException();
    }

    private List<DlqEntry> newestFirst(DlqQuery query) {
        return entries.values().stream()
                .filter(query::matches)
                .sorted(Comparator.comparing(DlqEntry::lastFailedAt).thenComparing(DlqEntry::jobId).reversed())
                .toList();
    }

    private static Map<String, Long> counts(List<DlqEntry> all, java.util.function.Function<DlqEntry, String> key) {
        // largest group first, as the real statistics order them
        return all.stream().collect(Collectors.groupingBy(key, Collectors.counting())).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }
}
