package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.time.Duration;

/**
 * Checkpoints and job retries.
 *
 * @param enabled          {@code CAIRN_TASK_CHECKPOINT_ENABLED}: false = every attempt reruns the whole job
 * @param ttl              {@code CAIRN_TASK_CHECKPOINT_TTL}: how long an unfinished job's checkpoint lives, refreshed on every write
 * @param maxRetries       {@code CAIRN_JOB_MAX_RETRIES}: retries after the first attempt before a job is FAILED
 * @param retryBackoffSeed {@code CAIRN_JOB_RETRY_BACKOFF_SEED}: retry n waits seed^n seconds
 * @param maxCrashRecoveries {@code CAIRN_JOB_MAX_CRASH_RECOVERIES}: how often a job whose worker died resumes
 *                         (without spending a retry) before it counts as a poison job and fails for good
 * @param maxRedisWait     {@code CAIRN_JOB_MAX_REDIS_WAIT}: how long in total a job may wait for an unreachable Redis
 *                         (waits spend no retry) before it fails for good and goes to the dead-letter queue
 */
public record CheckpointSettings(boolean enabled, Duration ttl, int maxRetries, int retryBackoffSeed, int maxCrashRecoveries,
                                 Duration maxRedisWait) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(604_800);
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final int DEFAULT_RETRY_BACKOFF_SEED = 3;
    public static final int DEFAULT_MAX_CRASH_RECOVERIES = 3;
    /** An hour of waits for Redis (a wait is 15 s) is an outage to page about, not one to wait out silently. */
    public static final Duration DEFAULT_MAX_REDIS_WAIT = Duration.ofHours(1);

    static CheckpointSettings fromEnv(EnvReader env) {
        return new CheckpointSettings(
                env.bool("CAIRN_TASK_CHECKPOINT_ENABLED", DEFAULT_ENABLED),
                env.duration("CAIRN_TASK_CHECKPOINT_TTL", DEFAULT_TTL, Duration.ofSeconds(10), Duration.ofDays(365)),
                env.integer("CAIRN_JOB_MAX_RETRIES", DEFAULT_MAX_RETRIES, 0, 100),
                env.integer("CAIRN_JOB_RETRY_BACKOFF_SEED", DEFAULT_RETRY_BACKOFF_SEED, 1, 60),
                env.integer("CAIRN_JOB_MAX_CRASH_RECOVERIES", DEFAULT_MAX_CRASH_RECOVERIES, 0, 100),
                env.duration("CAIRN_JOB_MAX_REDIS_WAIT", DEFAULT_MAX_REDIS_WAIT, Duration.ofSeconds(1), Duration.ofDays(30)));
    }
}
