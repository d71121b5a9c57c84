package dev.cairn.jobs.internal;

import dev.cairn.config.CheckpointSettings;
import dev.cairn.redis.RedisUnavailableException;

import java.time.Duration;

/**
 * How often and when a failed job is retried.
 *
 * @param maxRetries         retries after the first attempt ({@code CAIRN_JOB_MAX_RETRIES})
 * @param backoffSeed        retry n waits seed^n seconds ({@code CAIRN_JOB_RETRY_BACKOFF_SEED})
 * @param maxCrashRecoveries resumptions after the job's worker died, not charged as retries, before the job
 *                           counts as a poison job ({@code CAIRN_JOB_MAX_CRASH_RECOVERIES})
 * @param maxRedisWait       total time a job may spend waiting for an unreachable Redis before it fails for good
 *                           ({@code CAIRN_JOB_MAX_REDIS_WAIT})
 */
public record RetryPolicy(int maxRetries, int backoffSeed, int maxCrashRecoveries, Duration maxRedisWait) {

    /** Reason prefix of the scheduled state of a retry; counting them counts the failures. */
    public static final String RETRY_REASON_PREFIX = "Retry ";
    /** Job metadata key set (true) on a job whose final failure was permanent: its input, not luck, must change. */
    public static final String PERMANENT_METADATA = "cairn.permanent";
    /** Reason prefix of the scheduled state of a job that waits (not a failure). */
    public static final String WAIT_REASON_PREFIX = "Waiting: ";
    /** Reason of the scheduled state of a job its worker's shutdown interrupted (a wait). */
    public static final String SHUTDOWN_REASON = WAIT_REASON_PREFIX + "the worker stopped while the job ran; it resumes from its checkpoint";
    /** Reason prefix of the scheduled state of a job whose worker died (not a failure either, but counted). */
    public static final String CRASH_REASON_PREFIX = "Crash recovery ";
    /** The exception JobRunr fails a job with when its worker stopped updating it (an orphan). */
    public static final String ORPHAN_EXCEPTION = "org.jobrunr.jobs.exceptions.IllegalJobThreadStateException";
    /** Reason prefix of the scheduled state of a job that waits for an unreachable Redis (counted against the cap). */
    public static final String REDIS_WAIT_REASON_PREFIX = WAIT_REASON_PREFIX + RedisUnavailableException.MESSAGE_PREFIX;

    /** A policy with the default {@code CAIRN_JOB_MAX_REDIS_WAIT}. */
    public RetryPolicy(int maxRetries, int backoffSeed, int maxCrashRecoveries) {
        this(maxRetries, backoffSeed, maxCrashRecoveries, CheckpointSettings.DEFAULT_MAX_REDIS_WAIT);
    }

    /** @return the wait before retry number {@code retry} (from 1) */
    public Duration backoff(int retry) {
        double seconds = Math.pow(backoffSeed, retry);
        return Duration.ofSeconds((long) Math.min(seconds, Duration.ofDays(1).toSeconds()));
    }
}
