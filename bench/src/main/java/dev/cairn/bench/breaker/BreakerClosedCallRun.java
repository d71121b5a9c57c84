package dev.cairn.bench.breaker;

import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link BreakerClosedCallBenchmark} through JMH in rounds: each round runs every method in a
 * fork of its own (a JMH benchmark always gets its own forks), one after the other in an order that
 * rotates from round to round. So Cairn and its peers are measured alternately, a few seconds apart,
 * all through the run, rather than one after the other's minutes; each figure is the median of its
 * ns/op over every measured iteration of every round, and each round also gives a paired ratio.
 */
public final class BreakerClosedCallRun {

    /**
     * @param rounds      rounds of the headline methods (Cairn, Resilience4j, naive), one fork each per round
     * @param extraRounds of those, how many also run the extra methods (Resilience4j with a time window,
     *                    the metrics counter alone); the first ones
     */
    public record Settings(int rounds, int extraRounds, int warmupIterations, TimeValue warmupTime, int measurementIterations,
                    TimeValue measurementTime) {
    }

    static final String CAIRN = "cairn";
    static final String R4J = "resilience4j";
    static final String NAIVE = "naive";
    static final String R4J_TIME = "resilience4jTimeWindow";
    static final String COUNTER = "metricsCounter";
    private static final List<String> HEADLINE = List.of(CAIRN, R4J, NAIVE);
    private static final List<String> EXTRAS = List.of(R4J_TIME, COUNTER);

    /** Per method: ns/op of each measured iteration, in run order. */
    private final Map<String, List<Double>> perIteration = new LinkedHashMap<>();
    /** Per method: the median ns/op of each round it ran in. */
    private final Map<String, List<Double>> perRound = new LinkedHashMap<>();
    private Settings settings;

    public BreakerClosedCallRun run(BenchRedis redis, Settings settings, PrintStream log) throws RunnerException {
        this.settings = settings;
        for (int round = 0; round < settings.rounds(); round++) {
            List<String> methods = new ArrayList<>(HEADLINE);
            if (round < settings.extraRounds()) methods.addAll(EXTRAS);
            // rotate, so no method always runs first (or right after the same neighbour)
            List<String> order = new ArrayList<>();
            for (int k = 0; k < methods.size(); k++) order.add(methods.get((k + round) % methods.size()));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  breaker_closed_call round %d/%d ", round + 1, settings.rounds()));
            for (String method : order) {
                List<Double> scores = runFork(redis, method);
                perIteration.computeIfAbsent(method, m -> new ArrayList<>()).addAll(scores);
                perRound.computeIfAbsent(method, m -> new ArrayList<>()).add(Stats.median(scores));
            }
            for (String method : methods) {
                line.append(String.format(Locale.ROOT, " %s %.1f ns", method, last(perRound.get(method))));
            }
            log.println(line);
        }
        return this;
    }

    private List<Double> runFork(BenchRedis redis, String method) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(redis.forkArgs());
        jvmArgs.add("-Xms256m");
        jvmArgs.add("-Xmx256m");
        jvmArgs.add("-DCAIRN_LOG_LEVEL=WARN");
        jvmArgs.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        if (Runtime.version().feature() >= 23) {
            jvmArgs.add("--sun-misc-unsafe-memory-access=allow"); // JMH 1.37 uses sun.misc.Unsafe
        }
        Options options = new OptionsBuilder()
                .include("^" + BreakerClosedCallBenchmark.class.getName().replace(".", "\\.") + "\\." + method + "$")
                .forks(1)
                .threads(1)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(settings.warmupTime())
                .measurementIterations(settings.measurementIterations())
                .measurementTime(settings.measurementTime())
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        RunResult result = new Runner(options).runSingle();
        List<Double> scores = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                scores.add(iteration.getPrimaryResult().getScore()); // ns/op (OutputTimeUnit)
            }
        }
        if (scores.isEmpty()) throw new IllegalStateException("JMH returned no iterations for " + method);
        return scores;
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private double median(String method) {
        return Stats.median(perIteration.get(method));
    }

    /** @return per round, the ratio of a's round median to b's (the rounds both ran in) */
    private List<Double> roundRatios(String a, String b) {
        List<Double> ratios = new ArrayList<>();
        int n = Math.min(perRound.get(a).size(), perRound.get(b).size());
        for (int i = 0; i < n; i++) ratios.add(perRound.get(a).get(i) / perRound.get(b).get(i));
        return ratios;
    }

    private static List<Double> rounded(List<Double> values) {
        return values.stream().map(Report::round).toList();
    }

    /** Adds {@code breaker_closed_call} (vs Resilience4j) and {@code breaker_closed_call_vs_naive}. */
    public void report(Report report) {
        double cairn = median(CAIRN);
        double r4j = median(R4J);
        double naive = median(NAIVE);
        String statistic = String.format(Locale.ROOT,
                "median ns/op over %d JMH iterations per method (%d rounds, each method in a fork of its own per round, order rotating;"
                        + " %d x %s after %d x %s warm-up per fork)",
                perIteration.get(CAIRN).size(), settings.rounds(), settings.measurementIterations(), settings.measurementTime(),
                settings.warmupIterations(), settings.warmupTime());

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("measured", "Permit p = breaker.tryAcquire(); blackhole.consume(work()); breaker.onSuccess(p) on a CLOSED breaker of"
                + " CircuitBreakerRegistry.shared(...).start() on the bench Redis (no round trip), worker's Prometheus meter registry");
        extra.put("peer", "Resilience4j 2.3.0 CircuitBreaker, defaults (count-based window of 100), blackhole.consume(cb.executeSupplier(work))");
        extra.put("paired_ratio_median", Report.round(Stats.median(roundRatios(CAIRN, R4J))));
        extra.put("round_ratios", rounded(roundRatios(CAIRN, R4J)));
        extra.put("cairn_round_ns", rounded(perRound.get(CAIRN)));
        extra.put("resilience4j_round_ns", rounded(perRound.get(R4J)));
        if (perIteration.containsKey(R4J_TIME)) {
            double r4jTime = median(R4J_TIME);
            extra.put("resilience4j_time_window_ns", Report.round(r4jTime));
            extra.put("ratio_vs_resilience4j_time_window", Report.round(cairn / r4jTime));
        }
        if (perIteration.containsKey(COUNTER)) {
            // what Cairn's onSuccess spends on its call counter (a Micrometer lookup by name and tags + increment)
            extra.put("metrics_counter_ns", Report.round(median(COUNTER)));
        }
        extra.put("statistic", statistic);
        report.add("breaker_closed_call", cairn, "ns/op", r4j, "<= 2", extra);

        Map<String, Object> vsNaive = new LinkedHashMap<>();
        vsNaive.put("peer", "naive shared breaker: HGET <key> state through the same pooled Jedis client on every call, then the same no-op");
        vsNaive.put("naive_us", Report.round(naive / 1000));
        vsNaive.put("speedup", Report.round(naive / cairn));
        vsNaive.put("paired_ratio_median", Report.round(Stats.median(roundRatios(CAIRN, NAIVE))));
        vsNaive.put("naive_round_ns", rounded(perRound.get(NAIVE)));
        vsNaive.put("target_note", "ours, not the issue's (it names no number): at least 100x cheaper than a round trip per call");
        vsNaive.put("statistic", statistic);
        report.add("breaker_closed_call_vs_naive", cairn, "ns/op", naive, "<= 0.01", vsNaive);
    }
}
