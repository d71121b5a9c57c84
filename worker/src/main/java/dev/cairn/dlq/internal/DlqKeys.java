package dev.cairn.dlq.internal;

import dev.cairn.redis.RedisKeys;

import java.util.List;

/** The DLQ's keys in the order its scripts expect them (see dlq-lib.lua). */
final class DlqKeys {

    private final String entries;
    private final String index;
    private final String byTime;
    private final String shipped;
    private final String types;
    private final String signatures;
    private final List<String> counted;
    private final List<String> all;

    DlqKeys(RedisKeys keys) {
        this.entries = keys.dlq("entries");
        this.index = keys.dlq("index");
        this.byTime = keys.dlq("by-time");
        this.shipped = keys.dlq("shipped");
        this.types = keys.dlq("types");
        this.signatures = keys.dlq("signatures");
        this.counted = List.of(entries, index, byTime, types, signatures);
        this.all = List.of(entries, index, byTime, types, signatures, shipped);
    }

    String entries() {
        return entries;
    }

    String index() {
        return index;
    }

    String byTime() {
        return byTime;
    }

    String shipped() {
        return shipped;
    }

    /** @return type → number of entries (sorted set) */
    String types() {
        return types;
    }

    /** @return error signature → number of entries (sorted set) */
    String signatures() {
        return signatures;
    }

    /** @return entries, index, by-time, types, signatures */
    List<String> counted() {
        return counted;
    }

    /** @return {@link #counted()} and the shipped ledger */
    List<String> all() {
        return all;
    }
}
