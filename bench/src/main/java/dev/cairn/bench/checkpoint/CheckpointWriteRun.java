package dev.cairn.bench.checkpoint;

import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
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
 * Runs {@link CheckpointWriteBenchmark} through JMH and turns its per-iteration {@code Split}
 * counters into figures: for each of the four interleaved writes, its us/op in every measured
 * iteration of every fork; a figure is the median over those iterations.
 */
public final class CheckpointWriteRun {

    /** How long JMH measures. */
    public record Settings(int forks, int warmupIterations, TimeValue warmupTime, int measurementIterations, TimeValue measurementTime) {
    }

    private static final String[] KINDS = {"cairn10", "raw10", "cairn100", "raw100"};

    /** Per kind: us/op in each measured iteration, in run order. */
    private final Map<String, List<Double>> perIteration = new LinkedHashMap<>();

    public CheckpointWriteRun run(BenchRedis redis, Settings settings, PrintStream log) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>(redis.forkArgs());
        jvmArgs.add("-Xms256m");
        jvmArgs.add("-Xmx256m");
        jvmArgs.add("-DCAIRN_LOG_LEVEL=WARN");
        jvmArgs.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        if (Runtime.version().feature() >= 23) {
            // JMH 1.37 uses sun.misc.Unsafe; without this every fork prints four lines of warnings
            jvmArgs.add("--sun-misc-unsafe-memory-access=allow");
        }
        Options options = new OptionsBuilder()
                .include("^" + CheckpointWriteBenchmark.class.getName().replace(".", "\\.") + "\\.interleavedWrites$")
                .forks(settings.forks())
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
        int n = 0;
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                Map<String, Result> counters = iteration.getSecondaryResults();
                for (String kind : KINDS) {
                    double nanos = counters.get(kind + "Nanos").getScore();
                    double ops = counters.get(kind + "Ops").getScore();
                    if (ops <= 0) throw new IllegalStateException("no " + kind + " writes in an iteration");
                    perIteration.computeIfAbsent(kind, k -> new ArrayList<>()).add(nanos / ops / 1000.0);
                }
                n++;
                log.printf(Locale.ROOT, "  checkpoint_write iteration %2d  cairn %6.2f us  raw HSET %6.2f us  (100 steps: cairn %6.2f us, raw %6.2f us)%n",
                        n, last("cairn10"), last("raw10"), last("cairn100"), last("raw100"));
            }
        }
        if (n == 0) throw new IllegalStateException("JMH returned no iterations for the checkpoint writes");
        return this;
    }

    private double last(String kind) {
        List<Double> values = perIteration.get(kind);
        return values.get(values.size() - 1);
    }

    private double median(String kind) {
        return Stats.median(perIteration.get(kind));
    }

    /** @return the median over iterations of a / b, each iteration's pair measured side by side */
    private double pairedRatio(String a, String b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < perIteration.get(a).size(); i++) ratios.add(perIteration.get(a).get(i) / perIteration.get(b).get(i));
        return Stats.median(ratios);
    }

    /** @return the median over iterations of a - b (us), each iteration's pair measured side by side */
    private double pairedDifference(String a, String b) {
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < perIteration.get(a).size(); i++) differences.add(perIteration.get(a).get(i) - perIteration.get(b).get(i));
        return Stats.median(differences);
    }

    /** Adds {@code checkpoint_write} (10 steps, vs raw HSET) and {@code checkpoint_write_100_steps} (vs 10 steps). */
    public void report(Report report, Settings settings) {
        double cairn10 = median("cairn10");
        double raw10 = median("raw10");
        double cairn100 = median("cairn100");
        double raw100 = median("raw100");
        String statistic = "median over " + perIteration.get("cairn10").size() + " JMH iterations (" + settings.forks() + " forks x "
                + settings.measurementIterations() + " x " + settings.measurementTime() + ", after " + settings.warmupIterations() + " x "
                + settings.warmupTime() + " warm-up) of the four writes interleaved op by op in one thread";

        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("peer", "raw Jedis HSET of the same 3 fields (cursor, progress, updated_at) on a same-shaped hash, one round trip, no script");
        extra.put("steps", 10);
        extra.put("steps_10_us", Report.round(cairn10));
        extra.put("steps_100_us", Report.round(cairn100));
        extra.put("steps_100_vs_10", Report.round(cairn100 / cairn10));
        extra.put("baseline_steps_100_us", Report.round(raw100));
        extra.put("ratio_steps_100", Report.round(cairn100 / raw100));
        extra.put("paired_ratio_median", Report.round(pairedRatio("cairn10", "raw10")));
        // what the script costs on top of the round trip, whatever the round trip costs
        extra.put("overhead_us_median", Report.round(pairedDifference("cairn10", "raw10")));
        extra.put("iteration_ratios", iterationRatios());
        extra.put("statistic", statistic);
        report.add("checkpoint_write", cairn10, "us/op", raw10, "<= 1.15", extra);

        Map<String, Object> size = new LinkedHashMap<>();
        size.put("peer", "the same Cairn write on a 10-step checkpoint, interleaved with it (a write is O(1) in the number of steps)");
        size.put("baseline_raw_hset_us", Report.round(raw100));
        size.put("paired_ratio_median", Report.round(pairedRatio("cairn100", "cairn10")));
        size.put("statistic", statistic);
        report.add("checkpoint_write_100_steps", cairn100, "us/op", cairn10, "<= 1.15", size);
    }

    private List<Double> iterationRatios() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < perIteration.get("cairn10").size(); i++) {
            ratios.add(Report.round(perIteration.get("cairn10").get(i) / perIteration.get("raw10").get(i)));
        }
        return ratios;
    }
}
