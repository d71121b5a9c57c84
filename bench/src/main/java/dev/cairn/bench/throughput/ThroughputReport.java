package dev.cairn.bench.throughput;

import dev.cairn.bench.fleet.CheckpointOnlyPipeline;
import dev.cairn.bench.fleet.PlainJobRunrServer;
import dev.cairn.bench.fleet.ScaleCounters;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The throughput group's entries: {@code throughput_jobs_per_s_<n>} (Cairn's checkpoint-only jobs against
 * plain JobRunr's no-op jobs, target ratio ≥ 0.9) and {@code throughput_chapter_jobs_per_s_<n>} (Cairn's
 * offline {@code chapter-generation} against the same no-op drains, no target), each with both sides' cost per
 * job and the settings both ran with.
 */
final class ThroughputReport {

    /** The worker settings of both sides, stated in every entry. */
    static final String SETTINGS = "both sides: " + PlainJobRunrServer.POLL_INTERVAL.toSeconds() + " s poll interval, 16 job"
            + " threads per core (plain: JobRunr's default, virtual threads; Cairn: its default, platform threads; the count per process"
            + " each side's server logged is in *_performers_per_process),"
            + " -Xmx512m per process, one HikariCP pool of 10 per process; Cairn: BenchWorkerMain (cairn worker plus the bench-checkpoint"
            + " pipeline), CAIRN_PROVIDERS=offline, CAIRN_LOG_LEVEL=INFO into a file, no dashboard; plain: PlainJobRunrServer with"
            + " JobRunr's default filters";

    private final ThroughputBenchmark bench;

    ThroughputReport(ThroughputBenchmark bench) {
        this.bench = bench;
    }

    void report(Report report) {
        ThroughputBenchmark.Settings s = bench.settings;
        // why: -Dcairn.bench.processes may leave out 1 process (e.g. =2 to look at 2 alone); then there is nothing to compare with
        boolean hasOne = bench.cairn.get(1) != null;
        double cairn1 = hasOne ? median(bench.cairn.get(1), ThroughputSample.Result::steadyJobsPerSecond) : Double.NaN;
        for (int n : ThroughputBenchmark.PROCESSES) {
            List<ThroughputSample.Result> c = bench.cairn.get(n);
            List<ThroughputSample.Result> p = bench.plain.get(n);
            double value = median(c, ThroughputSample.Result::steadyJobsPerSecond);
            Map<String, Object> extra = common(n, s.jobs(), c, p);
            extra.put("measured", n + " Cairn worker process(es) (BenchWorkerMain) started together on one schema and one Redis, onto "
                    + s.jobs() + " " + CheckpointOnlyPipeline.TYPE + " jobs (3 steps, each one cursor checkpoint and nothing else)"
                    + " created in bulk before they started (JobRequestScheduler.create(Stream<JobBuilder>), 5,000 per transaction);"
                    + " jobs/s between 10% and 90% of them SUCCEEDED");
            extra.put("peer", n + " plain JobRunr 8.7 server process(es) (PlainJobRunrServer), as many no-op JobRequests (PlainNoopJob)"
                    + " created the same way on a schema of their own, measured the same way, in the same run");
            if (hasOne) {
                extra.put("cairn_vs_1_process", Report.round(value / cairn1));
                extra.put("plain_vs_1_process", Report.round(median(p, ThroughputSample.Result::steadyJobsPerSecond)
                        / median(bench.plain.get(1), ThroughputSample.Result::steadyJobsPerSecond)));
            }
            if (hasOne && n == ThroughputBenchmark.PROCESSES[ThroughputBenchmark.PROCESSES.length - 1]) {
                extra.put("below_1_process", value < cairn1);
                extra.put("note", value < cairn1
                        ? "Cairn drains fewer jobs/s with " + n + " processes than with 1 (" + Report.round(value) + " < " + Report.round(cairn1)
                        + "): on this machine's cores every process competes with the others, PostgreSQL and Redis"
                        : "Cairn's " + n + "-process figure is not below its 1-process figure");
            }
            report.add("throughput_jobs_per_s_" + n, value, "jobs/s", median(p, ThroughputSample.Result::steadyJobsPerSecond), ">= 0.9", extra);
        }
        for (int n : ThroughputBenchmark.PROCESSES) {
            List<ThroughputSample.Result> c = bench.chapter.get(n);
            List<ThroughputSample.Result> p = bench.plain.get(n);
            Map<String, Object> extra = common(n, s.chapterJobs() * n, c, p);
            extra.put("measured", n + " Cairn worker process(es) started together onto " + s.chapterJobs() * n + " chapter-generation jobs"
                    + " (" + s.chapterJobs() + " per process)"
                    + " ({\"topic\": \"" + ThroughputBenchmark.CHAPTER_TOPIC + "\", \"sections\": " + ThroughputBenchmark.CHAPTER_SECTIONS
                    + "}) on the offline provider (no network: 4 provider calls, outline.json, 3 section files and chapter.md per job),"
                    + " created in bulk before they started; jobs/s between 10% and 90% SUCCEEDED");
            extra.put("peer", "the plain no-op drain of throughput_jobs_per_s_" + n + " (" + s.jobs() + " jobs): no target, since a no-op"
                    + " job is not a chapter; the ratio says what a small real job of Cairn's costs against JobRunr's own floor");
            extra.put("chapter_vs_checkpoint_only", Report.round(median(c, ThroughputSample.Result::steadyJobsPerSecond)
                    / median(bench.cairn.get(n), ThroughputSample.Result::steadyJobsPerSecond)));
            report.add("throughput_chapter_jobs_per_s_" + n, median(c, ThroughputSample.Result::steadyJobsPerSecond), "jobs/s",
                    median(p, ThroughputSample.Result::steadyJobsPerSecond), null, extra);
        }
    }

    private Map<String, Object> common(int n, int jobs, List<ThroughputSample.Result> c, List<ThroughputSample.Result> p) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("processes", n);
        extra.put("jobs", jobs);
        extra.put("plain_jobs", p.isEmpty() ? 0 : p.getFirst().jobs());
        extra.put("samples", c.size());
        extra.put("cairn_samples_jobs_per_s", Report.round(values(c, ThroughputSample.Result::steadyJobsPerSecond)));
        extra.put("plain_samples_jobs_per_s", Report.round(values(p, ThroughputSample.Result::steadyJobsPerSecond)));
        extra.put("cairn_overall_jobs_per_s", Report.round(median(c, ThroughputSample.Result::overallJobsPerSecond)));
        extra.put("plain_overall_jobs_per_s", Report.round(median(p, ThroughputSample.Result::overallJobsPerSecond)));
        for (ThroughputSample.Result r : Stream.concat(c.stream(), p.stream()).toList()) {
            if (Double.isNaN(r.steadyJobsPerSecond())) {
                extra.put(r.side() + "_no_steady_window", r.doneAtStartup() + " of " + r.jobs() + " jobs were done when the last of "
                        + r.processes() + " process(es) was up (" + Report.round(r.startupSecs()) + " s after the launch): no time"
                        + " between that and 90% done to measure a steady rate in");
            }
        }
        extra.put("cairn_window_start_fraction", Report.round(median(c, r -> r.windowLow() / r.jobs())));
        extra.put("cairn_startup_s", Report.round(median(c, ThroughputSample.Result::startupSecs)));
        extra.put("plain_startup_s", Report.round(median(p, ThroughputSample.Result::startupSecs)));
        extra.put("cairn_bulk_enqueue_s", Report.round(median(c, ThroughputSample.Result::enqueueSecs)));
        extra.put("plain_bulk_enqueue_s", Report.round(median(p, ThroughputSample.Result::enqueueSecs)));
        extra.put("cairn_redis_ops_per_job", Report.round(median(c, ThroughputSample.Result::redisPerJob)));
        extra.put("cairn_redis_scripts_per_job", Report.round(median(c, r -> (double) (r.run().redisCalls().getOrDefault("evalsha", 0L)
                + r.run().redisCalls().getOrDefault("eval", 0L)) / r.jobs())));
        extra.put("cairn_redis_commands_per_job", ScaleCounters.perJob(typical(c).run().redisCalls(), jobs));
        extra.put("plain_redis_ops_per_job", 0);
        extra.put("cairn_pg_writes_per_job", Report.round(median(c, ThroughputSample.Result::pgWritesPerJob)));
        extra.put("plain_pg_writes_per_job", Report.round(median(p, ThroughputSample.Result::pgWritesPerJob)));
        extra.put("cairn_pg_writes_per_job_by_table", ScaleCounters.perJob(typical(c).run().pgWrites(), jobs));
        extra.put("cairn_pg_scans_per_job", Report.round(median(c, ThroughputSample.Result::pgScansPerJob)));
        extra.put("plain_pg_scans_per_job", Report.round(median(p, ThroughputSample.Result::pgScansPerJob)));
        extra.put("cairn_pg_scans_per_job_by_table", ScaleCounters.perJob(typical(c).run().pgScans(), jobs));
        extra.put("plain_pg_scans_per_job_by_table", ScaleCounters.perJob(typical(p).run().pgScans(), p.isEmpty() ? 1 : p.getFirst().jobs()));
        Map<String, Double> cairnCpu = cpuPerJob(c);
        if (!cairnCpu.isEmpty()) {
            extra.put("cairn_cpu_us_per_job", cairnCpu);
            extra.put("plain_cpu_us_per_job", cpuPerJob(p));
            extra.put("cpu_note", "CPU µs per job inside the steady window, from /proc (utime + stime): worker_jit = the workers' C1/C2"
                    + " compiler threads, worker_gc = their GC and VM threads, worker_other = the rest of the worker processes (job"
                    + " threads and everything else), redis = the Redis server, postgres = every PostgreSQL process; median of each"
                    + " side's drains, role by role");
        }
        extra.put("cairn_performers_per_process", c.stream().map(ThroughputSample.Result::performers).distinct().toList());
        extra.put("plain_performers_per_process", p.stream().map(ThroughputSample.Result::performers).distinct().toList());
        extra.put("settings", SETTINGS);
        if (!ThroughputBenchmark.workerEnv().isEmpty()) extra.put("cairn_worker_env", ThroughputBenchmark.workerEnv());
        if (!ThroughputBenchmark.aotSides().equals("none")) {
            extra.put("aot_cache", ThroughputBenchmark.aotSides() + " (JDK AOT cache trained on " + AotTraining.TRAINING_JOBS
                    + " of the side's jobs, -XX:AOTMode=on)");
        }
        extra.put("redis", bench.redisDescription);
        extra.put("statistic", "median of each side's drains (" + c.size() + " per side; Cairn and plain alternate, the order swapping"
                + " from one drain to the next; fresh processes and schema per drain). jobs/s = jobs done between 10% (or the moment the"
                + " last process was up, if later) and 90%, over that time; the SUCCEEDED count is read every " + ThroughputSample.POLL_MS
                + " ms and the crossings interpolated between reads. Costs are counter differences from before the processes started until"
                + " every job was done (start-ups included), over the jobs: Redis INFO commandstats without INFO (counts the commands a"
                + " script runs too), pg_stat_user_tables n_tup_ins + n_tup_upd + n_tup_del and seq_scan + idx_scan of the schema (read"
                + " after the processes exited; the bench's own count queries taken off the scans)");
        return extra;
    }

    /** @return the median CPU µs per job of each role over the drains that have a CPU reading; empty when none has */
    private static Map<String, Double> cpuPerJob(List<ThroughputSample.Result> results) {
        List<ThroughputSample.Result> measured = results.stream().filter(r -> !r.cpuPerJob().isEmpty()).toList();
        Map<String, Double> medians = new LinkedHashMap<>();
        if (measured.isEmpty()) return medians;
        for (String role : measured.getFirst().cpuPerJob().keySet()) {
            medians.put(role, Report.round(median(measured, r -> r.cpuPerJob().get(role))));
        }
        return medians;
    }

    /** @return the drain with the median jobs/s, whose breakdown by command and table is reported */
    private static ThroughputSample.Result typical(List<ThroughputSample.Result> results) {
        List<ThroughputSample.Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(ThroughputSample.Result::steadyJobsPerSecond));
        return sorted.get(sorted.size() / 2);
    }


    private static List<Double> values(List<ThroughputSample.Result> results, ToDoubleFunction<ThroughputSample.Result> f) {
        return results.stream().map(f::applyAsDouble).toList();
    }

    private static double median(List<ThroughputSample.Result> results, ToDoubleFunction<ThroughputSample.Result> f) {
        return Stats.median(values(results, f));
    }
}
