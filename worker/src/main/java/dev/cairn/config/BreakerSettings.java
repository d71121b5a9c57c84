package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;

import java.time.Duration;

/**
 * Circuit breakers, one per provider, shared by all workers.
 *
 * @param failureThreshold {@code CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD}: failures within the window that open it
 * @param failureWindow    {@code CAIRN_CIRCUIT_BREAKER_FAILURE_WINDOW}
 * @param recoveryTimeout  {@code CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT}: OPEN → HALF_OPEN after this
 * @param halfOpenMaxCalls {@code CAIRN_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS}: trial calls fleet-wide
 */
public record BreakerSettings(int failureThreshold, Duration failureWindow, Duration recoveryTimeout, int halfOpenMaxCalls) {

    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_HALF_OPEN_MAX_CALLS = 3;

    static BreakerSettings fromEnv(EnvReader env) {
        return new BreakerSettings(
                env.integer("CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD", DEFAULT_FAILURE_THRESHOLD, 1, 10_000),
                env.duration("CAIRN_CIRCUIT_BREAKER_FAILURE_WINDOW", DEFAULT_FAILURE_WINDOW, Duration.ofSeconds(1), Duration.ofDays(1)),
                env.duration("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", DEFAULT_RECOVERY_TIMEOUT, Duration.ofMillis(100), Duration.ofDays(1)),
                env.integer("CAIRN_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS", DEFAULT_HALF_OPEN_MAX_CALLS, 1, 1000));
    }
}
