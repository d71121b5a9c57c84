package dev.cairn.breaker.internal;

import dev.cairn.config.BreakerSettings;

import java.util.List;

/**
 * The ARGV of {@code breaker.lua} (its header lists them): the one place that knows their positions.
 * The script's answer is {@link BreakerReply}.
 *
 * @param op           acquire, success, failure, release, reset, force_open or read
 * @param settings     threshold, window, recovery timeout and half-open calls the script applies
 * @param eventChannel where the script publishes transitions
 * @param name         the provider
 * @param permitRound  the permit's probe round for success/failure/release of a half-open call, else {@code null}
 * @param failureId    a unique id for the failure's entry in the window
 * @param knownEpoch   the epoch the caller has seen (0: none)
 * @param knownVersion the version the caller has seen (-1: none)
 */
record BreakerArgs(String op, BreakerSettings settings, String eventChannel, String name, String permitRound,
                   String failureId, long knownEpoch, long knownVersion) {

    /** @return ARGV[1..11] in the script's order */
    List<String> encode() {
        return List.of(op,
                Integer.toString(settings.failureThreshold()), Long.toString(settings.failureWindow().toMillis()),
                Long.toString(settings.recoveryTimeout().toMillis()), Integer.toString(settings.halfOpenMaxCalls()),
                eventChannel, name, permitRound == null ? "" : permitRound, failureId,
                Long.toString(knownEpoch), Long.toString(knownVersion));
    }
}
