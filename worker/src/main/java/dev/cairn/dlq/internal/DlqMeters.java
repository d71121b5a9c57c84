package dev.cairn.dlq.internal;

import dev.cairn.dlq.RemovalReason;
import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.DoubleSupplier;

/** The {@code cairn_dlq_*} meters. */
final class DlqMeters {

    private final MeterRegistry registry;

    DlqMeters(MeterRegistry registry, DoubleSupplier size) {
        this.registry = registry;
        Gauge.builder(MetricNames.DLQ_ENTRIES, size, DoubleSupplier::getAsDouble).strongReference(true)
                .description("Entries in the dead-letter queue").register(registry);
        for (RemovalReason reason : RemovalReason.values()) removedCounter(reason);
        retriedCounter();
    }

    void added(String type) {
        Counter.builder(MetricNames.DLQ_ADDED).description("Jobs shipped to the dead-letter queue")
                .tag(MetricNames.TAG_TYPE, type).register(registry).increment();
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
