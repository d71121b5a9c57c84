package dev.cairn.bench.throughput;

import dev.cairn.api.jobrunr.PipelineJobRequest;
import dev.cairn.bench.fleet.BenchWorkerMain;
import dev.cairn.bench.fleet.BulkJobs;
import dev.cairn.bench.fleet.CheckpointOnlyPipeline;
import dev.cairn.bench.fleet.CountedLab;
import dev.cairn.bench.fleet.Fleet;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.fleet.FleetLab.JobLength;
import dev.cairn.bench.fleet.PlainJobRunrServer;
import dev.cairn.bench.fleet.PlainNoopJob;
import dev.cairn.bench.fleet.ScaleCounters;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import org.jobrunr.scheduling.JobBuilder;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The throughput group ({@code --only throughput}): how fast 1, 2 and 4 worker processes on one schema and
 * one Redis drain a backlog that was enqueued in bulk before they started, so the enqueue path is not in the
 * figure (the scale group's is bound by it). Cairn's job is {@link CheckpointOnlyPipeline} (three steps that
 * only checkpoint), run by {@link BenchWorkerMain} processes; the peer, plain JobRunr 8.7 servers
 * ({@link PlainJobRunrServer}), drain as many no-op jobs ({@link PlainNoopJob}); Cairn and plain alternate.
 * A third drain per process count runs {@code chapter-generation} on the offline provider, a real job of
 * Cairn's, with the plain no-op drain of the same count as baseline and no target. Measured by
 * {@link ThroughputSample}, reported by {@link ThroughputReport}. Needs PostgreSQL; the workers get a Redis of
 * their own (an embedded one, when it starts), so {@code INFO commandstats} counts nothing but theirs.
 */
public final class ThroughputBenchmark {

    /**
     * The process counts measured: 1, 2 and 4, or those listed in the system property {@value #PROCESSES_PROPERTY}
     * (e.g. {@code -Dcairn.bench.processes=1}, for profiling one drain; the report then lacks the others).
     */
    static final int[] PROCESSES = processes(System.getProperty(ThroughputBenchmark.PROCESSES_PROPERTY, "1,2,4"));
    static final String PROCESSES_PROPERTY = "cairn.bench.processes";
    /**
     * Jobs per checkpoint-only and plain drain instead of the mode's, e.g. {@code -Dcairn.bench.throughput.jobs=80000}
     * to see how far a longer drain (more of it on warm JVMs) moves the figures; the report names the count.
     */
    static final String JOBS_PROPERTY = "cairn.bench.throughput.jobs";

    /**
     * Worker settings on top of the defaults for Cairn's drains, e.g. {@code -Dcairn.bench.throughput.env=CAIRN_TASK_CHECKPOINT_ENABLED=false}
     * (comma-separated {@code CAIRN_*=value} pairs), to measure what a setting costs; the report names them.
     */
    static final String WORKER_ENV_PROPERTY = "cairn.bench.throughput.env";

    /**
     * Which sides' drains start from a JDK 25 AOT cache trained on their own job ({@link AotTraining}):
     * {@code none} (the default), {@code cairn} (as {@code ./cairn worker} starts) or {@code both}.
     */
    static final String AOT_PROPERTY = "cairn.bench.throughput.aot";

    static String aotSides() {
        String value = System.getProperty(AOT_PROPERTY, "none").trim();
        if (!List.of("none", "cairn", "both").contains(value)) {
            throw new IllegalArgumentException("-D" + AOT_PROPERTY + " must be none, cairn or both, not '" + value + "'");
        }
        return value;
    }

    /** @return the worker settings of {@value #WORKER_ENV_PROPERTY}, empty when it is not set */
    static Map<String, String> workerEnv() {
        String value = System.getProperty(WORKER_ENV_PROPERTY, "").trim();
        Map<String, String> env = new java.util.TreeMap<>();
        if (value.isEmpty()) return env;
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? "" : pair.substring(0, eq).trim();
            if (!name.startsWith("CAIRN_")) {
                throw new IllegalArgumentException("-D" + WORKER_ENV_PROPERTY + " takes CAIRN_*=value pairs separated by commas, not '" + pair + "'");
            }
            env.put(name, pair.substring(eq + 1).trim());
        }
        return env;
    }

    /** @return the jobs per drain: {@value #JOBS_PROPERTY} when set, else {@code modeJobs} */
    public static int jobs(int modeJobs) {
        String value = System.getProperty(JOBS_PROPERTY);
        if (value == null) return modeJobs;
        try {
            int jobs = Integer.parseInt(value.trim());
            if (jobs < 100) throw new NumberFormatException();
            return jobs;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + JOBS_PROPERTY + " must be a number of jobs >= 100, not '" + value + "'");
        }
    }
    /** Sections of the chapter drain's jobs. */
    static final int CHAPTER_SECTIONS = 3;
    static final String CHAPTER_TOPIC = "Tides";

    /**
     * @param jobs        jobs per checkpoint-only and plain drain
     * @param chapterJobs jobs per process in a chapter drain: four processes starting together on two cores take 20–25 s
     *                    to be up, and a fixed backlog could be nearly drained by the first ones before the last is up
     * @param rounds      drains per side and process count (the order of Cairn and plain swapping from one to the next)
     */
    public record Settings(int jobs, int chapterJobs, int rounds) {
    }

    final Map<Integer, List<ThroughputSample.Result>> cairn = new LinkedHashMap<>();
    final Map<Integer, List<ThroughputSample.Result>> plain = new LinkedHashMap<>();
    final Map<Integer, List<ThroughputSample.Result>> chapter = new LinkedHashMap<>();
    String redisDescription;
    Settings settings;
    Map<String, List<String>> aotOptions = Map.of();

    /** Runs the group into {@code report}, or prints why it is skipped. */
    public static void run(BenchRedis runRedis, Settings settings, Report report, PrintStream log) {
        ThroughputBenchmark bench = new ThroughputBenchmark();
        bench.settings = settings;
        boolean ran = CountedLab.run("throughput", "throughput_jobs_per_s_1/2/4, throughput_chapter_jobs_per_s_1/2/4", runRedis, log,
                (lab, counters, redisDescription) -> {
                    bench.redisDescription = redisDescription;
                    log.println("bench: throughput_jobs_per_s (" + settings.jobs() + " jobs enqueued in bulk before the processes start, "
                            + settings.chapterJobs() + " per process for the chapter drains; " + settings.rounds() + " round(s) of 1, 2 and 4"
                            + " processes; Redis " + redisDescription + ") ...");
                    bench.measure(lab, counters, log);
                });
        if (ran) new ThroughputReport(bench).report(report);
    }

    private void measure(FleetLab lab, ScaleCounters counters, PrintStream log) throws Exception {
        for (int n : PROCESSES) {
            cairn.put(n, new ArrayList<>());
            plain.put(n, new ArrayList<>());
            chapter.put(n, new ArrayList<>());
        }
        ScaleCounters plainCounters = new ScaleCounters(null, lab.database().dataSource());
        aotOptions = trainAotCaches(lab, log);
        int drain = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            for (int n : PROCESSES) {
                // why per drain and not per round: with one round (quick) the order still alternates between process counts
                boolean cairnFirst = drain++ % 2 == 0;
                for (int side = 0; side < 2; side++) {
                    if ((side == 0) == cairnFirst) {
                        cairn.get(n).add(drain(jvm(lab.benchWorkerFleet("tp-" + n, workerEnv())), "checkpoint", counters, lab, n,
                                settings.jobs(), ThroughputBenchmark::checkpointJob, log));
                    } else {
                        plain.get(n).add(drain(jvm(lab.plainFleet("tp-" + n, JobLength.INSTANT)), "noop", plainCounters, lab, n,
                                settings.jobs(), ThroughputBenchmark::plainJob, log));
                    }
                }
                chapter.get(n).add(drain(jvm(lab.benchWorkerFleet("tp-chapter-" + n, workerEnv())), "chapter", counters, lab, n,
                        settings.chapterJobs() * n, ThroughputBenchmark::chapterJob, log));
            }
        }
    }

    /** @return each side's JVM options for {@value #AOT_PROPERTY}: a trained cache's, or none */
    private static Map<String, List<String>> trainAotCaches(FleetLab lab, PrintStream log) throws Exception {
        String aot = aotSides();
        if (aot.equals("none")) return Map.of();
        if (Runtime.version().feature() < 25) {
            throw new IllegalStateException("-D" + AOT_PROPERTY + "=" + aot + " needs JDK 25+ (the workers run on the bench's java, "
                    + Runtime.version() + ")");
        }
        Map<String, List<String>> options = new java.util.HashMap<>();
        options.put("cairn", AotTraining.train(lab.benchWorkerFleet("tp-aot", workerEnv()), lab, lab.scratch().resolve("cairn.aot"),
                ThroughputBenchmark::checkpointJob));
        log.println("  trained the Cairn workers' AOT cache");
        if (aot.equals("both")) {
            options.put("plain", AotTraining.train(lab.plainFleet("tp-aot", JobLength.INSTANT), lab, lab.scratch().resolve("plain.aot"),
                    ThroughputBenchmark::plainJob));
            log.println("  trained the plain servers' AOT cache");
        }
        return options;
    }

    private <F extends Fleet> F jvm(F fleet) {
        fleet.useJvmOptions(aotOptions.getOrDefault(fleet.side(), List.of()));
        return fleet;
    }

    private static ThroughputSample.Result drain(Fleet fleet, String job, ScaleCounters counters, FleetLab lab, int n, int jobs,
                                                 IntFunction<JobBuilder> builder, PrintStream log) {
        ThroughputSample.Result r;
        try (fleet) {
            r = ThroughputSample.measure(fleet, job, lab, counters, n, jobs, builder);
        } catch (Exception e) {
            throw new IllegalStateException(fleet.side() + " " + job + " drain with " + n + " process(es) failed: " + e.getMessage() + "\n"
                    + fleet.logTails(), e);
        }
        log.printf(Locale.ROOT, "  %-5s %-10s %d process(es): %6.1f jobs/s steady (%6.1f overall; bulk enqueue %4.1f s, start-up %4.1f s,"
                        + " %d done by then), %5.1f Redis cmds/job, %4.2f PostgreSQL row writes/job, %5.2f table scans/job%n",
                r.side(), r.job(), n, r.steadyJobsPerSecond(), r.overallJobsPerSecond(), r.enqueueSecs(), r.startupSecs(), r.doneAtStartup(),
                r.redisPerJob(), r.pgWritesPerJob(), r.pgScansPerJob());
        Map<String, Double> cpu = r.cpuPerJob();
        if (!cpu.isEmpty()) {
            log.printf(Locale.ROOT, "        CPU per job in the window: %.0f µs = worker %.0f (JIT %.0f, GC %.0f)%s + PostgreSQL %.0f%n",
                    cpu.get("total"), cpu.get("worker_other") + cpu.get("worker_jit") + cpu.get("worker_gc"), cpu.get("worker_jit"),
                    cpu.get("worker_gc"), cpu.containsKey("redis") ? String.format(Locale.ROOT, " + Redis %.0f", cpu.get("redis")) : "",
                    cpu.get("postgres"));
        }
        return r;
    }

    private static int[] processes(String list) {
        try {
            int[] counts = java.util.Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (counts.length == 0 || java.util.Arrays.stream(counts).anyMatch(c -> c < 1)) throw new NumberFormatException();
            return counts;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROCESSES_PROPERTY + " must list process counts >= 1 like 1,2,4, not '" + list + "'");
        }
    }

    static JobBuilder checkpointJob(int i) {
        return BulkJobs.job(CheckpointOnlyPipeline.TYPE, new PipelineJobRequest(CheckpointOnlyPipeline.TYPE, Map.of()));
    }

    /** As the worker's API names it ({@code ChapterGenerationPipeline.describe}: type and topic). */
    static JobBuilder chapterJob(int i) {
        return BulkJobs.job("chapter-generation " + CHAPTER_TOPIC, new PipelineJobRequest("chapter-generation",
                Map.of("topic", CHAPTER_TOPIC, "sections", CHAPTER_SECTIONS)));
    }

    static JobBuilder plainJob(int i) {
        return BulkJobs.job("plain-noop", new PlainNoopJob.Request());
    }
}
