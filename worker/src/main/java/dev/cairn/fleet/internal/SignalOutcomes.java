package dev.cairn.fleet.internal;

import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Counts what became of each "jobs ready" signal this worker heard ({@code cairn_work_signals_total}). */
final class SignalOutcomes {

    /** The {@code outcome} label's values. */
    enum Outcome {
        /** This worker claimed it and ran one onboarding pass. */
        CLAIMED,
        /** Another worker claimed it first. */
        LOST,
        /** No free thread here: ignored without touching Redis. */
        IGNORED_BUSY,
        /** Onboarded without a claim: Redis did not answer the claim, or the signal carried no id. */
        UNCLAIMED_FALLBACK;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    SignalOutcomes(MeterRegistry meters) {
        // why: registered at zero, so rate() sees the first signal of each outcome
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder(MetricNames.WORK_SIGNALS).tag(MetricNames.TAG_OUTCOME, outcome.label())
                    .description("\"Jobs ready\" signals heard, by what this worker did with them").register(meters));
        }
    }

    void count(Outcome outcome) {
        counters.get(outcome).increment();
    }
}
