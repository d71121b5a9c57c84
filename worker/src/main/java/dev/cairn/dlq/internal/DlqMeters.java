package dev.cairn.dlq.internal;

import dev.cairn.dlq.RemovalReason;
import dev.cairn.metrics.MetricNames;
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
        for (RemovalReason reason : RemovalReason.values()) {
            registry.counter(MetricNames.DLQ_REMOVED, MetricNames.TAG_REASON, reason.tag());
        }
        registry.counter(MetricNames.DLQ_RETRIED);
    }

    void added(String type) {
        registry.counter(MetricNames.DLQ_ADDED, MetricNames.TAG_TYPE, type).increment();
    }

    void removed(RemovalReason reason, long count) {
        if (count > 0) registry.counter(MetricNames.DLQ_REMOVED, MetricNames.TAG_REASON, reason.tag()).increment(count);
    }

    void retried() {
        registry.counter(MetricNames.DLQ_RETRIED).increment();
    }
}
