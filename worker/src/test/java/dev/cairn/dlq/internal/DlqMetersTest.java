package dev.cairn.dlq.internal;

import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DlqMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DlqMeters meters = new DlqMeters(registry, () -> 0);

    private double added(String type) {
        Counter counter = registry.find(MetricNames.DLQ_ADDED).tag(MetricNames.TAG_TYPE, type).counter();
        return counter == null ? -1 : counter.count();
    }

    @Test
    void shouldStartTheBuiltInTypesAtZero() {
        assertThat(added("pdf-processing")).isZero();
        assertThat(added("chapter-generation")).isZero();
    }

    @Test
    void shouldCountTypesPastTheCapAsOther() {
        for (int i = 0; i < DlqMeters.MAX_TYPE_TAGS + 10; i++) meters.added("stray-" + i);
        meters.added("pdf-processing");

        assertThat(registry.find(MetricNames.DLQ_ADDED).counters()).hasSize(DlqMeters.MAX_TYPE_TAGS + 1);
        assertThat(added(DlqMeters.OTHER_TYPE)).as("the strays past the cap, less the two built-ins").isEqualTo(12);
        assertThat(added("pdf-processing")).as("a type already tagged keeps its own series").isEqualTo(1);
    }
}
