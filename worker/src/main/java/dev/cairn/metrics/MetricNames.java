package dev.cairn.metrics;

/**
 * Every metric the worker exports, in one place. Micrometer names use dots; the Prometheus registry
 * renders them with underscores (and {@code _total} / {@code _seconds} suffixes), giving the
 * {@code cairn_*} names that docs/metrics.md lists (docs/design.md "Metrics").
 */
public final class MetricNames {

    /** {@code cairn_jobs_started_total{type}}: type = a registered pipeline, or {@code unknown}. */
    public static final String JOBS_STARTED = "cairn.jobs.started";
    /**
     * {@code cairn_jobs_completed_total{type,outcome}}: one per attempt; outcome = succeeded | failed (it threw;
     * JobRunr may retry it) | rescheduled (it waits without spending a retry: breaker open, rate limit, Redis down,
     * worker draining) | fenced (a newer attempt owns the job's checkpoint).
     */
    public static final String JOBS_COMPLETED = "cairn.jobs.completed";
    /**
     * {@code cairn_job_duration_seconds{type}}: one attempt, start to end; with {@code _bucket} series at
     * fixed bounds from 0.1 s to 2 h, for job-duration quantiles.
     */
    public static final String JOB_DURATION = "cairn.job.duration";
    /**
     * {@code cairn_job_queue_wait_seconds{type}}: one per attempt, from the moment the job was ready to run (enqueued,
     * or the due time of a retry or wait) to the start of the attempt; {@code _bucket} series at fixed bounds from
     * 10 ms to 4 h.
     */
    public static final String JOB_QUEUE_WAIT = "cairn.job.queue.wait";
    /** {@code cairn_jobs_enqueued_total{type}}: new jobs stored by this worker's job service (single and batch submissions). */
    public static final String JOBS_ENQUEUED = "cairn.jobs.enqueued";
    /** {@code cairn_jobs_reclaimed_total}: jobs of a worker whose lease expired, handed back to the queue by this worker. */
    public static final String JOBS_RECLAIMED = "cairn.jobs.reclaimed";
    /** {@code cairn_jobs_resumed_total{type}}: attempts that resumed an existing checkpoint. */
    public static final String JOBS_RESUMED = "cairn.jobs.resumed";
    /**
     * {@code cairn_work_signals_total{outcome}}: "jobs ready" signals this worker heard; outcome = claimed (it
     * answered: one onboarding query) | lost (another worker claimed it first) | ignored_busy (no free thread,
     * Redis untouched) | unclaimed_fallback (onboarded without a claim: Redis did not answer, or the signal
     * carried no id).
     */
    public static final String WORK_SIGNALS = "cairn.work.signals";
    /**
     * {@code cairn_task_runs_total{task,outcome}}: runs of the worker's periodic tasks (lease renewal, crash reclaim,
     * job-server revival, DLQ reconcile, dependency probes, breaker refresh); outcome = success | failure.
     */
    public static final String TASK_RUNS = "cairn.task.runs";
    /** {@code cairn_task_last_run_timestamp_seconds{task}}: when the task's last run ended, epoch seconds (0 before its first). */
    public static final String TASK_LAST_RUN = "cairn.task.last.run.timestamp.seconds";
    /** {@code cairn_redis_breaker_state{state}}: 1 for the state (closed, open) of the breaker around this worker's Redis client. */
    public static final String REDIS_BREAKER_STATE = "cairn.redis.breaker.state";
    /**
     * {@code cairn_redis_breaker_calls_total{outcome}}: Redis commands through that breaker; outcome = success (Redis answered,
     * an error reply included) | failure (connection failure or timeout) | rejected (refused at once while open).
     */
    public static final String REDIS_BREAKER_CALLS = "cairn.redis.breaker.calls";

    /** {@code cairn_steps_total{pipeline,step,outcome}}: outcome = completed | skipped | failed | interrupted. */
    public static final String STEPS = "cairn.steps";
    /** {@code cairn_step_duration_seconds{pipeline,step}}. */
    public static final String STEP_DURATION = "cairn.step.duration";
    /** {@code cairn_steps_skipped_total{pipeline,step}}: steps not run because the checkpoint says they are done. */
    public static final String STEPS_SKIPPED = "cairn.steps.skipped";

    /** {@code cairn_checkpoint_writes_total{outcome}}: outcome = ok | stale | error. */
    public static final String CHECKPOINT_WRITES = "cairn.checkpoint.writes";
    /** {@code cairn_checkpoint_write_seconds}: one checkpoint write, with {@code _bucket} series (percentile histogram). */
    public static final String CHECKPOINT_WRITE_SECONDS = "cairn.checkpoint.write";

    /** {@code cairn_circuit_breaker_state{provider,state}}: 1 for the state this worker sees, 0 for the others. */
    public static final String BREAKER_STATE = "cairn.circuit.breaker.state";
    /** {@code cairn_circuit_breaker_calls_total{provider,outcome}}: outcome = success | failure | rejected. */
    public static final String BREAKER_CALLS = "cairn.circuit.breaker.calls";
    /** {@code cairn_circuit_breaker_transitions_total{provider,from,to}}: counted by the worker that made it. */
    public static final String BREAKER_TRANSITIONS = "cairn.circuit.breaker.transitions";

    /**
     * {@code cairn_provider_request_seconds{provider,outcome}}: one provider call; outcome = ok | timeout |
     * rate_limited | server_error | bad_reply | network | rejected (the {@code ProviderException} kinds), or
     * error for an unexpected exception.
     */
    public static final String PROVIDER_REQUEST = "cairn.provider.request";

    /**
     * {@code cairn_provider_tokens_total{provider,kind}}: tokens a provider's successful replies say they used
     * ({@code usage}); kind = prompt | completion.
     */
    public static final String PROVIDER_TOKENS = "cairn.provider.tokens";

    /** {@code cairn_rate_limit_total{key,outcome}}: key = the provider; outcome = allowed | waited | rescheduled. */
    public static final String RATE_LIMIT = "cairn.rate.limit";

    /**
     * {@code cairn_api_requests_limited_total{tier}}: producers' requests refused with 429, and batches with lines
     * answered {@code rate_limited}; tier = anonymous | api_key | premium | admin.
     */
    public static final String API_REQUESTS_LIMITED = "cairn.api.requests.limited";
    /**
     * {@code cairn_api_rate_limit_local}: 1 while this worker counts producers' rate limits in its own buckets
     * because Redis is unreachable (each worker then allows a tier's full limit), else 0.
     */
    public static final String API_RATE_LIMIT_LOCAL = "cairn.api.rate.limit.local";

    /** {@code cairn_dlq_entries}: entries in the dead-letter queue (fleet-wide; every worker reports the same). */
    public static final String DLQ_ENTRIES = "cairn.dlq.entries";
    /** {@code cairn_dlq_added_total{type}}: jobs shipped to the dead-letter queue; at most 32 types, the rest as {@code other}. */
    public static final String DLQ_ADDED = "cairn.dlq.added";
    /** {@code cairn_dlq_retried_total}: entries re-enqueued by an operator. */
    public static final String DLQ_RETRIED = "cairn.dlq.retried";
    /** {@code cairn_dlq_removed_total{reason}}: reason = evicted | expired | removed | retried. */
    public static final String DLQ_REMOVED = "cairn.dlq.removed";

    /**
     * {@code cairn_redis_up}: 1 when this worker's last PING to Redis answered (refreshed every few seconds in
     * the background), else 0. Redis down makes the worker degraded: checkpoints, breakers and the DLQ wait.
     */
    public static final String REDIS_UP = "cairn.redis.up";
    /**
     * {@code cairn_redis_eviction_risk}: 1 when Redis's {@code maxmemory-policy}, read at start-up, can evict
     * checkpoints (anything but {@code noeviction}), else 0 (also when it could not be read).
     */
    public static final String REDIS_EVICTION_RISK = "cairn.redis.eviction.risk";
    /** {@code cairn_job_storage_up}: 1 when this worker's last {@code SELECT 1} on the job storage answered, else 0. */
    public static final String JOB_STORAGE_UP = "cairn.job.storage.up";

    /**
     * {@code http_server_requests_seconds{method,uri,status,outcome}}: Micrometer's standard HTTP server timer, one per
     * request the API answered; uri = the route's template, or {@code NOT_FOUND} when no route has the path; with
     * {@code _bucket} series at fixed bounds from 5 ms to 60 s.
     */
    public static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    public static final String TAG_REASON = "reason";
    public static final String TAG_TYPE = "type";
    public static final String TAG_KEY = "key";
    public static final String TAG_TIER = "tier";
    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_STATE = "state";
    public static final String TAG_FROM = "from";
    public static final String TAG_TO = "to";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_PIPELINE = "pipeline";
    public static final String TAG_STEP = "step";
    public static final String TAG_KIND = "kind";
    public static final String TAG_METHOD = "method";
    public static final String TAG_URI = "uri";
    public static final String TAG_STATUS = "status";

    private MetricNames() {
    }
}
