package dev.cairn.fleet;

import java.time.Instant;
import java.util.Optional;

/**
 * A worker's lease that ran out: the worker stopped renewing it (killed, crashed, frozen, cut off).
 *
 * @param serverId  the worker's JobRunr server id
 * @param expiredAt when the lease ran out, on Redis' clock
 * @param expiryMs  the expiry exactly as stored, so {@link WorkerLeases#forget} removes only this lease
 * @param info      what the worker last said about itself, when readable
 */
public record ExpiredLease(String serverId, Instant expiredAt, long expiryMs, Optional<WorkerInfo> info) {
}
