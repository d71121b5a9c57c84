package dev.cairn.breaker.internal;

import dev.cairn.breaker.BreakerState;
import dev.cairn.breaker.Transition;
import dev.cairn.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** The breakers' metrics: state gauges, calls by outcome, transitions. */
final class BreakerMetrics {

    /** The {@code outcome} values of {@code cairn_circuit_breaker_calls_total}. */
    private static final List<String> CALL_OUTCOMES = List.of("success", "failure", "rejected");

    private final MeterRegistry meters;
    private final Map<String, AtomicReference<BreakerState>> states = new ConcurrentHashMap<>();

    BreakerMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void register(String provider) {
        AtomicReference<BreakerState> state = states.computeIfAbsent(provider, p -> new AtomicReference<>(BreakerState.CLOSED));
        for (BreakerState s : BreakerState.values()) {
            Gauge.builder(MetricNames.BREAKER_STATE, state, ref -> ref.get() == s ? 1 : 0)
                    .tag(MetricNames.TAG_PROVIDER, provider).tag(MetricNames.TAG_STATE, s.name().toLowerCase())
                    .description("1 for the state of the provider's circuit breaker as this worker sees it")
                    .register(meters);
        }
        // why: counters first seen at 1 are invisible to rate(); a provider's series start at zero
        for (String outcome : CALL_OUTCOMES) calls(provider, outcome);
        for (Transition transition : Transition.values()) transitions(provider, transition);
    }

    void state(String provider, BreakerState state) {
        AtomicReference<BreakerState> ref = states.get(provider);
        if (ref != null) ref.set(state);
    }

    void call(String provider, String outcome) {
        calls(provider, outcome).increment();
    }

    void rejected(String provider) {
        call(provider, "rejected");
    }

    void transition(String provider, Transition transition) {
        transitions(provider, transition).increment();
    }

    private Counter calls(String provider, String outcome) {
        return meters.counter(MetricNames.BREAKER_CALLS, MetricNames.TAG_PROVIDER, provider, MetricNames.TAG_OUTCOME, outcome);
    }

    /** Operator resets and automatic recoveries share a from/to pair, and so a series. */
    private Counter transitions(String provider, Transition transition) {
        return meters.counter(MetricNames.BREAKER_TRANSITIONS, MetricNames.TAG_PROVIDER, provider,
                MetricNames.TAG_FROM, transition.from().name().toLowerCase(),
                MetricNames.TAG_TO, transition.to().name().toLowerCase());
    }
}
