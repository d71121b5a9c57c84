package dev.cairn.jobs.internal;

import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code cairn_jobs_enqueued_total{type}}: new jobs the job service stored, counted once each when its insert
 * succeeded (a single submission, or each job of a stored batch chunk). A duplicate answered for an
 * idempotency key created nothing and is not counted; neither are jobs enqueued again (JobRunr's retries, DLQ
 * retries, crash recoveries): the counter is what producers bring in.
 */
final class EnqueuedJobs {

    private final Map<String, Counter> byType;

    /**
     * @param types  the registered pipelines' names, the only types the job service accepts
     * @param meters where the counters go
     */
    EnqueuedJobs(Set<String> types, MeterRegistry meters) {
        // why: registered at zero, so rate() sees the first job of a type after a restart
        this.byType = types.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), type -> Counter.builder(MetricNames.JOBS_ENQUEUED)
                .description("New jobs stored by the job service").tag(MetricNames.TAG_TYPE, type).register(meters)));
    }

    /** @param job a job just stored */
    void count(PreparedJob job) {
        Counter counter = byType.get(job.request().type());
        if (counter != null) counter.increment();
    }
}
