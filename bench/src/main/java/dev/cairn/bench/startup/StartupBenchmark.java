package dev.cairn.bench.startup;

import dev.cairn.bench.fleet.AotCacheOptions;
import dev.cairn.bench.fleet.BenchDatabase;
import dev.cairn.bench.fleet.CairnFleet;
import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.support.Await;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code worker_startup_s} (group {@code startup}): how long a worker takes from {@code java} to answering 200 on
 * {@code /health/startup}, on the bench's PostgreSQL and Redis, started from the JVM's AOT cache as
 * {@code ./cairn worker} starts it after its first run ({@code scripts/aot-cache.sh}), against the same worker started
 * without it, alternating, same run. The cache is trained as {@code ./cairn} trains it: one worker runs with
 * {@code -XX:AOTCacheOutput}, does a few chapter jobs on the offline provider, and is stopped with SIGTERM (the JVM
 * writes the cache as it exits). Cached starts run with {@code -XX:AOTMode=on}, so a cache the JVM cannot use fails
 * the figure instead of passing for a cold start. Needs JDK 25+ (the bench's java is its children's).
 */
public final class StartupBenchmark {

    /** The figure's own guard: the cache must cut a worker's start by at least a fifth. */
    static final String TARGET = "<= 0.8";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    /**
     * @param rounds       measured pairs (one cold and one cached start each, the first of a pair alternating)
     * @param trainingJobs chapter jobs the training worker runs before it is stopped
     */
    public record Settings(int rounds, int trainingJobs) {
    }

    private StartupBenchmark() {
    }

    /** Runs the figure into {@code report}, or prints why it is skipped. */
    public static void run(BenchRedis redis, Settings settings, Report report, PrintStream log) {
        ChildProcess.benchJar();
        if (Runtime.version().feature() < 25) {
            log.println("bench: SKIPPED worker_startup_s: the JVM's AOT cache needs JDK 25+, the bench runs on " + Runtime.version());
            return;
        }
        BenchDatabase database;
        try {
            database = BenchDatabase.resolve();
        } catch (BenchDatabase.Unavailable e) {
            log.println("bench: SKIPPED worker_startup_s: no PostgreSQL, " + e.getMessage() + "; set " + BenchDatabase.URL_ENV + " to run it.");
            return;
        }
        log.println("bench: worker_startup_s (a worker from java to /health/startup, from the AOT cache ./cairn trains against without it, "
                + settings.rounds() + " pairs after training on " + settings.trainingJobs() + " chapter jobs) ...");
        try (database; FleetLab lab = FleetLab.open(database, redis, "startup", log);
             CairnFleet fleet = lab.workerFleet("startup")) {
            try {
                measure(lab, fleet, settings, log).report(report);
            } catch (RuntimeException e) {
                lab.keepScratch();
                log.println("bench: worker_startup_s failed; the workers' logs stay in " + lab.scratch());
                throw e;
            }
        }
    }

    private static Result measure(FleetLab lab, CairnFleet fleet, Settings settings, PrintStream log) {
        Path cache = lab.scratch().resolve("worker.aot");
        Training training = train(lab, fleet, cache, settings.trainingJobs());
        log.printf(Locale.ROOT, "  training: %d jobs, then SIGTERM: exited in %.1f s (the cache written on the way out, %.0f MB)%n",
                settings.trainingJobs(), training.exitSeconds(), training.cacheMegabytes());

        List<Double> cold = new ArrayList<>();
        List<Double> cached = new ArrayList<>();
        List<Double> coldCpu = new ArrayList<>();
        List<Double> cachedCpu = new ArrayList<>();
        List<String> cachedOptions = AotCacheOptions.startingFrom(cache);
        for (int round = 0; round < settings.rounds(); round++) {
            // why alternate which goes first: the second start of a pair finds the page cache warmer
            boolean coldFirst = round % 2 == 0;
            for (boolean fromCache : coldFirst ? List.of(false, true) : List.of(true, false)) {
                Start start = start(fleet, fromCache ? cachedOptions : List.of(), (fromCache ? "cached-" : "cold-") + round);
                (fromCache ? cached : cold).add(start.seconds());
                (fromCache ? cachedCpu : coldCpu).add(start.cpuSeconds());
            }
            log.printf(Locale.ROOT, "  round %d: cold %.2f s (%.1f CPU s), from the cache %.2f s (%.1f CPU s)%n", round + 1,
                    cold.getLast(), coldCpu.getLast(), cached.getLast(), cachedCpu.getLast());
        }
        return new Result(cold, cached, coldCpu, cachedCpu, training);
    }

    /** The first run of {@code ./cairn worker}: records, does some work, and writes the cache when stopped. */
    private static Training train(FleetLab lab, CairnFleet fleet, Path cache, int jobs) {
        fleet.useJvmOptions(AotCacheOptions.training(cache));
        fleet.startTogether(List.of("training"));
        ChildProcess worker = fleet.processes().getLast();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) ids.add(fleet.enqueue());
        for (String id : ids) {
            Await.until("training job " + id + " to succeed", Duration.ofSeconds(60), Duration.ofMillis(100), () -> {
                worker.checkAlive("while training");
                return lab.state(fleet, id).filter("SUCCEEDED"::equals);
            });
        }
        Duration exit = worker.stop(STOP_TIMEOUT);
        return new Training(exit.toNanos() / 1e9, AotCacheOptions.requireWritten(cache, "the training worker (its log: " + worker.log() + ")") / 1e6);
    }

    private static Start start(CairnFleet fleet, List<String> jvmOptions, String name) {
        fleet.useJvmOptions(jvmOptions);
        long t0 = System.nanoTime();
        fleet.startTogether(List.of(name));
        double seconds = (System.nanoTime() - t0) / 1e9;
        ChildProcess worker = fleet.processes().getLast();
        double cpu = worker.cpuTime().toNanos() / 1e9;
        worker.stop(STOP_TIMEOUT);
        return new Start(seconds, cpu);
    }

    private record Start(double seconds, double cpuSeconds) {
    }

    private record Training(double exitSeconds, double cacheMegabytes) {
    }

    private record Result(List<Double> cold, List<Double> cached, List<Double> coldCpu, List<Double> cachedCpu, Training training) {

        void report(Report report) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("cold_samples_s", Report.round(cold));
            extra.put("cached_samples_s", Report.round(cached));
            extra.put("cold_cpu_s", Report.round(Stats.median(coldCpu)));
            extra.put("cached_cpu_s", Report.round(Stats.median(cachedCpu)));
            extra.put("training_exit_s", Report.round(training.exitSeconds()));
            extra.put("cache_mb", Report.round(training.cacheMegabytes()));
            extra.put("note", "a worker (dev.cairn.cli.Main worker on PostgreSQL + Redis, offline provider) from java to 200 on /health/startup, "
                    + "median; value: started from the AOT cache its first run trained (as ./cairn worker on JDK 25+), baseline: the same "
                    + "worker without it; *_cpu_s: the process's CPU seconds by then; training_exit_s: the first run's stop, which writes the cache");
            report.add("worker_startup_s", Stats.median(cached), "s", Stats.median(cold), TARGET, extra);
        }
    }
}
