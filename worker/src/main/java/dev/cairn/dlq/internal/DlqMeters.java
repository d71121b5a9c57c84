package dev.cairn.dlq.internal;

import dev.cairn.api.JobTypes;
import dev.cairn.dlq.RemovalReason;
import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/** The {@code cairn_dlq_*} meters. */
final class DlqMeters {

    /** Most {@code type} tag values of {@code cairn_dlq_added_total}; more are counted as {@value #OTHER_TYPE}. */
    static final int MAX_TYPE_TAGS = 32;
    static final String OTHER_TYPE = "other";

    private final MeterRegistry registry;
    private final Set<String> typeTags = ConcurrentHashMap.newKeySet();

    DlqMeters(MeterRegistry registry, DoubleSupplier size) {
        this.registry = registry;
        Gauge.builder(MetricNames.DLQ_ENTRIES, size, DoubleSupplier::getAsDouble).strongReference(true)
                .description("Entries in the dead-letter queue").register(registry);
        for (RemovalReason reason : RemovalReason.values()) removedCounter(reason);
        retriedCounter();
        // why: a counter first seen at 1 is invisible to rate(), so the first arrival would not page anyone
        addedCounter(JobTypes.PDF_PROCESSING);
        addedCounter(JobTypes.CHAPTER_GENERATION);
    }

    void added(String type) {
        addedCounter(type).increment();
    }

    private Counter addedCounter(String type) {
        // why: a type is whatever a producer enqueued straight into job storage; past a few, lump the rest together
        String tag = typeTags.size() < MAX_TYPE_TAGS || typeTags.contains(type) ? type : OTHER_TYPE;
        typeTags.add(tag);
        return Counter.builder(MetricNames.DLQ_ADDED).description("Jobs shipped to the dead-letter queue")
                .tag(MetricNames.TAG_TYPE, tag).register(registry);
    }

    void removed(RemovalReason reason, long count) {
        if (count > 0) removedCounter(reason).increment(count);
    }

    void retried() {
        retriedCounter().increment();
    }

    private Counter removedCounter(RemovalReason reason) {
        return Counter.builder(MetricNames.DLQ_REMOVED).description("Entries that left the dead-letter queue, by reason")
                .tag(MetricNames.TAG_REASON, reason.tag()).register(registry);
    }

    private Counter retriedCounter() {
        return Counter.builder(MetricNames.DLQ_RETRIED).description("Dead-letter entries re-enqueued by an operator").register(registry);
    }
}
