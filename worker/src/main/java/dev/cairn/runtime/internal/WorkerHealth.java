package dev.cairn.runtime.internal;

import dev.cairn.http.HealthChecks;
import dev.cairn.redis.EvictionPolicy;
import dev.cairn.redis.RedisCircuitBreaker;
import dev.cairn.redis.RedisProbe;
import dev.cairn.redis.RedisServerFacts;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@link HealthChecks} that ask the job storage and Redis through their {@link SharedProbe}s (a result at most
 * a second old, else a probe made now; Redis must answer a PING <em>and</em> run a script: every checkpoint
 * write is one), and read the data dir's disk and the heap.
 */
public final class WorkerHealth implements HealthChecks {

    /** Free space below which the data dir's disk is {@code low}: job outputs and page files need room. */
    public static final long DEFAULT_MIN_FREE_DISK_BYTES = 512L * 1024 * 1024;
    /** Heap use (of the maximum, after the last collection when known) above which memory is {@code low}. */
    public static final double DEFAULT_MAX_HEAP_USE = 0.90;

    private final SharedProbe storage;
    private final String storageDescription;
    private final SharedProbe redis;
    private final EvictionPolicy eviction;
    private final Path dataDir;
    private final java.util.function.BooleanSupplier jobServerRunning;
    private final RedisDetails redisDetails;
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * @param storage job storage
     * @param redis   asks Redis
     * @param dataDir the data dir, whose disk is watched
     */
    public WorkerHealth(JobStorage storage, RedisProbe redis, Path dataDir) {
        this(storage, redis, new EvictionPolicy(Optional.empty(), "not read"), dataDir, () -> true);
    }

    /**
     * @param jobServerRunning whether JobRunr's background job server runs: JobRunr stops it when job storage
     *                         fails, and until it is started again the worker takes no job, so it is not ready
     */
    public WorkerHealth(JobStorage storage, RedisProbe redis, Path dataDir, java.util.function.BooleanSupplier jobServerRunning) {
        this(storage, redis, new EvictionPolicy(Optional.empty(), "not read"), dataDir, jobServerRunning);
    }

    /**
     * @param eviction Redis's {@code maxmemory-policy} as read at start-up: a policy that can evict checkpoints
     *                 is reported in the Redis component's details, without making it down
     */
    public WorkerHealth(JobStorage storage, RedisProbe redis, EvictionPolicy eviction, Path dataDir,
                        java.util.function.BooleanSupplier jobServerRunning) {
        this(storage == null ? null : new SharedProbe(storage::ping), storage == null ? null : storage.description(),
                redis == null ? null : new SharedProbe(redis::check), eviction, dataDir, jobServerRunning, null);
    }

    /**
     * What {@code GET /health/redis} adds to the shared probe's answer.
     *
     * @param mode               standalone, sentinel or cluster
     * @param breaker            the breaker around the worker's Redis client
     * @param serverFacts        reads the server's version, persistence and memory ({@link RedisServerFacts})
     * @param dlqShippingPending whether failed jobs wait to be shipped to the DLQ (they met a Redis outage)
     * @param localRateLimits    whether producers' rate limits are counted in this worker's own buckets (Redis failed)
     */
    public record RedisDetails(String mode, RedisCircuitBreaker breaker, Supplier<Map<String, Object>> serverFacts,
                               java.util.function.BooleanSupplier dlqShippingPending, java.util.function.BooleanSupplier localRateLimits) {
    }

    /**
     * @param storage            job storage's probe, shared with the {@code cairn_job_storage_up} gauge and the revival
     * @param storageDescription what the job storage is, for the message when it does not answer
     * @param redis              Redis's probe, shared with the {@code cairn_redis_up} gauge
     * @param redisDetails       what {@code /health/redis} shows besides the probe; {@code null} for the probe alone
     */
    public WorkerHealth(SharedProbe storage, String storageDescription, SharedProbe redis, EvictionPolicy eviction, Path dataDir,
                        java.util.function.BooleanSupplier jobServerRunning, RedisDetails redisDetails) {
        this.redisDetails = redisDetails;
        this.storage = storage;
        this.storageDescription = storageDescription;
        this.redis = redis;
        this.eviction = eviction;
        this.dataDir = dataDir;
        this.jobServerRunning = jobServerRunning;
    }

    /** Called once start-up has finished. */
    public void markStarted() {
        started.set(true);
    }

    @Override
    public boolean started() {
        return started.get();
    }

    @Override
    public ComponentStatus jobStorage() {
        SharedProbe.Result result = storage.current();
        if (!result.up()) {
            return status(ComponentStatus.DOWN, result, "job storage (" + storageDescription + ") does not answer: " + result.error().getMessage(), null);
        }
        if (!jobServerRunning.getAsBoolean()) {
            return status(ComponentStatus.DOWN, result, "job storage answers, but JobRunr's job server is stopped (JobRunr stops it when job storage "
                    + "fails); it is started again within a poll interval", null);
        }
        return status(ComponentStatus.UP, result, null, null);
    }

    @Override
    public ComponentStatus redis() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("maxmemory_policy", eviction.policy().orElse("unknown"));
        if (eviction.canEvict()) details.put("eviction_warning", eviction.warning());
        // why: while Redis fails, every worker allows a tier's full limit: ops reading /health/ready should know
        if (redisDetails != null) details.put("rate_limit_buckets", redisDetails.localRateLimits().getAsBoolean() ? "local" : "shared");
        SharedProbe.Result result = redis.current();
        // why: the exception's message says whether Redis is unreachable or refused the probe's script (NOPERM…)
        return result.up() ? status(ComponentStatus.UP, result, null, details)
                : status(ComponentStatus.DOWN, result, result.error().getMessage(), details);
    }

    @Override
    public RedisReport redisReport() {
        if (redisDetails == null) return HealthChecks.super.redisReport();
        ComponentStatus redis = redis();
        RedisCircuitBreaker.Snapshot breaker = redisDetails.breaker().snapshot();
        boolean available = redis.isUp() && breaker.state() == RedisCircuitBreaker.State.CLOSED;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("redis_available", available);
        body.put("mode", redisDetails.mode());
        body.put("latency_ms", redis.latencyMs());
        if (redis.message() != null) body.put("message", redis.message());
        Map<String, Object> circuit = new LinkedHashMap<>();
        circuit.put("state", breaker.state().name());
        circuit.put("total_calls", breaker.totalCalls());
        circuit.put("successful_calls", breaker.successfulCalls());
        circuit.put("failed_calls", breaker.failedCalls());
        circuit.put("rejected_calls", breaker.rejectedCalls());
        circuit.put("last_failure_at", breaker.lastFailureAt() == null ? null : breaker.lastFailureAt().toString());
        body.put("circuit_breaker", circuit);
        List<String> degraded = new ArrayList<>();
        if (!available) {
            // why: what runs on fallbacks right now, as ops would ask: jobs wait, breakers act on this worker's last view
            degraded.add("jobs_wait_for_redis");
            degraded.add("breaker_states_local");
        }
        if (redisDetails.localRateLimits().getAsBoolean()) degraded.add("rate_limit_buckets_local");
        if (redisDetails.dlqShippingPending().getAsBoolean()) degraded.add("dlq_shipping_pending");
        body.put("degraded_mode", degraded);
        body.put("server", available ? redisDetails.serverFacts().get() : null);
        return new RedisReport(available, body);
    }

    private static ComponentStatus status(String status, SharedProbe.Result result, String message, Map<String, Object> details) {
        return new ComponentStatus(status, result.latencyMs(), message, details);
    }

    @Override
    public ComponentStatus diskSpace() {
        long start = System.nanoTime();
        try {
            FileStore store = Files.getFileStore(dataDir);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("path", dataDir.toString());
            details.put("free_bytes", free);
            details.put("total_bytes", total);
            if (free < DEFAULT_MIN_FREE_DISK_BYTES) {
                return new ComponentStatus(ComponentStatus.LOW, elapsedMs(start), "only " + (free / (1024 * 1024))
                        + " MB free under " + dataDir + " (below " + DEFAULT_MIN_FREE_DISK_BYTES / (1024 * 1024) + " MB)", details);
            }
            return new ComponentStatus(ComponentStatus.UP, elapsedMs(start), null, details);
        } catch (IOException | RuntimeException e) {
            return down(start, "cannot read the free space under " + dataDir + ": " + e.getMessage());
        }
    }

    @Override
    public ComponentStatus memory() {
        long start = System.nanoTime();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        long used = heapUsedAfterLastCollection().orElse(heap.getUsed());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("heap_used_bytes", used);
        details.put("heap_max_bytes", max);
        double share = max > 0 ? (double) used / max : 0;
        if (share > DEFAULT_MAX_HEAP_USE) {
            return new ComponentStatus(ComponentStatus.LOW, elapsedMs(start), String.format(java.util.Locale.ROOT,
                    "the heap is %.0f%% full after garbage collection (above %.0f%%)", share * 100, DEFAULT_MAX_HEAP_USE * 100), details);
        }
        return new ComponentStatus(ComponentStatus.UP, elapsedMs(start), null, details);
    }

    /** Heap in use right after the last collection: what the live data needs, not garbage waiting to be collected. */
    private static java.util.OptionalLong heapUsedAfterLastCollection() {
        long used = 0;
        boolean any = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) continue;
            MemoryUsage after = pool.getCollectionUsage();
            if (after == null) continue;
            used += after.getUsed();
            any = true;
        }
        return any && used > 0 ? java.util.OptionalLong.of(used) : java.util.OptionalLong.empty();
    }

    private static ComponentStatus down(long start, String message) {
        return new ComponentStatus(ComponentStatus.DOWN, elapsedMs(start), message);
    }

    private static long elapsedMs(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
