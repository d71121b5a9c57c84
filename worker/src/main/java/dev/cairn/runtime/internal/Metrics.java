package dev.cairn.runtime.internal;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The worker's meter registry, with JVM metrics bound. */
public final class Metrics {

    private Metrics() {
    }

    /** @return a Prometheus registry with JVM, GC, JIT compilation, thread, CPU and uptime metrics */
    @SuppressWarnings("resource")
    public static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        // why: on a small machine a fresh worker's JIT compiler takes much of its CPU for its first tens of seconds of work
        new JvmCompilationMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** @return the worker's version, from the jar manifest ({@code dev} when run from classes) */
    public static String version() {
        String v = Metrics.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
