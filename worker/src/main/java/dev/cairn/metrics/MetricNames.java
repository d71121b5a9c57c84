package dev.cairn.metrics;

/**
 * Every metric the worker exports, in one place. Micrometer names use dots; the Prometheus registry
 * renders them with underscores (and {@code _total} / {@code _seconds} suffixes), giving the
 * {@code cairn_*} names in DESIGN.md.
 */
public final class MetricNames {

    /** {@code cairn_jobs_started_total{type}}. */
    public static final String JOBS_STARTED = "cairn.jobs.started";
    /** {@code cairn_jobs_completed_total{type,outcome}}: outcome = succeeded | failed | rescheduled | fenced. */
    public static final String JOBS_COMPLETED = "cairn.jobs.completed";
    /** {@code cairn_job_duration_seconds{type}}: one attempt, start to end. */
    public static final String JOB_DURATION = "cairn.job.duration";
    /** {@code cairn_jobs_resumed_total{type}}: attempts that resumed an existing checkpoint. */
    public static final String JOBS_RESUMED = "cairn.jobs.resumed";

    /** {@code cairn_steps_total{pipeline,step,outcome}}: outcome = completed | skipped | failed | interrupted. */
    public static final String STEPS = "cairn.steps";
    /** {@code cairn_step_duration_seconds{pipeline,step}}. */
    public static final String STEP_DURATION = "cairn.step.duration";
    /** {@code cairn_steps_skipped_total{pipeline,step}}: steps not run because the checkpoint says they are done. */
    public static final String STEPS_SKIPPED = "cairn.steps.skipped";

    /** {@code cairn_checkpoint_writes_total{outcome}}: outcome = ok | stale | error. */
    public static final String CHECKPOINT_WRITES = "cairn.checkpoint.writes";
    /** {@code cairn_checkpoint_write_seconds}. */
    public static final String CHECKPOINT_WRITE_SECONDS = "cairn.checkpoint.write";

    public static final String TAG_TYPE = "type";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_PIPELINE = "pipeline";
    public static final String TAG_STEP = "step";

    private MetricNames() {
    }
}
