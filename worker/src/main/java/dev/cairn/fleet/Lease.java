package dev.cairn.fleet;

import java.time.Instant;
import java.util.Optional;

/**
 * A worker's lease as operators see it ({@code GET /api/workers}, the console's Workers page).
 *
 * @param serverId  the worker's JobRunr server id
 * @param expiresAt when the lease runs out unless renewed, on Redis' clock
 * @param expired   whether it ran out already (the worker is gone or frozen; a live worker reclaims its jobs)
 * @param info      what the worker last said about itself: name, running jobs, last renewal; empty when unreadable
 */
public record Lease(String serverId, Instant expiresAt, boolean expired, Optional<WorkerInfo> info) {
}
