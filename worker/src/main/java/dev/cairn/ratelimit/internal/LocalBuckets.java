package dev.cairn.ratelimit.internal;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This worker's own token buckets, used while Redis is unreachable. Bounded: anonymous callers are counted by
 * address, and a flood of addresses must not fill the heap; the least recently used bucket goes first (its
 * caller starts again with a full bucket, which errs on the side of letting a request through).
 */
final class LocalBuckets {

    /** Buckets kept at most. */
    static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, Bucket> buckets;

    LocalBuckets(int capacity) {
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Bucket bucket(String key, BucketConfiguration configuration) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build());
    }
}
