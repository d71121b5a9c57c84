package dev.cairn.metrics;

import io.micrometer.core.instrument.Meter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Meters looked up by a plain string key instead of through the registry on every use. A registry lookup
 * builds, sorts and hashes the meter's tags each time (a few hundred ns to a few µs); a worker running
 * thousands of short steps a second makes several per step.
 */
public final class MeterCache {

    private final Map<String, Meter> meters = new ConcurrentHashMap<>();

    /**
     * @param key      names the meter and its tag values uniquely within this cache, e.g. {@code "steps|chapter|outline|completed"}
     * @param register registers (or finds) the meter in the registry, the first time only
     * @param <M>      the meter's type
     * @return the meter
     */
    @SuppressWarnings("unchecked")
    public <M extends Meter> M get(String key, Supplier<M> register) {
        Meter meter = meters.get(key);
        if (meter == null) meter = meters.computeIfAbsent(key, k -> register.get());
        return (M) meter;
    }
}
