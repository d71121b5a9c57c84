package dev.cairn.bench.scale;

import dev.cairn.bench.fleet.CountedLab;
import dev.cairn.bench.fleet.Fleet;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.fleet.FleetLab.JobLength;
import dev.cairn.bench.fleet.PlainJobRunrServer;
import dev.cairn.bench.fleet.PlainNoopJob;
import dev.cairn.bench.fleet.ScaleCounters;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Report;
import dev.cairn.bench.support.Stats;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The scale group ({@code --only scale}): jobs/s with 1, 2 and 4 worker processes on one schema and one
 * Redis, with the Redis commands and PostgreSQL row writes each job costs, so the cost per job is known
 * when planning hundreds of workers. Cairn's processes run a {@code chapter-generation} of one section
 * against a provider that answers at once (three steps, two provider calls, the checkpoint in Redis);
 * the peer, plain JobRunr 8.7 servers ({@link PlainJobRunrServer}) in as many processes, runs a no-op job
 * ({@link PlainNoopJob}), measured the same way ({@link ScaleSample}). Needs PostgreSQL, as the crash
 * group does; the workers get a Redis of their own (an embedded one, when it starts) so that
 * {@code INFO commandstats} counts nothing but theirs.
 */
public final class ScaleOutBenchmark {

    /** The process counts measured. */
    static final int[] PROCESSES = {1, 2, 4};

    /**
     * @param jobs    jobs per measured run
     * @param warmups jobs run first, unmeasured, by every fleet
     * @param rounds  samples per side and process count (Cairn and plain alternate, the order swapping every round)
     */
    public record Settings(int jobs, int warmups, int rounds) {
    }

    private final Map<Integer, List<ScaleSample.Result>> cairn = new LinkedHashMap<>();
    private final Map<Integer, List<ScaleSample.Result>> plain = new LinkedHashMap<>();
    private String redisDescription;
    private Settings settings;

    /** Runs the group into {@code report}, or prints why it is skipped. */
    public static void run(BenchRedis runRedis, Settings settings, Report report, PrintStream log) {
        ScaleOutBenchmark bench = new ScaleOutBenchmark();
        bench.settings = settings;
        boolean ran = CountedLab.run("scale", "scale_jobs_per_s_1/2/4", runRedis, log, (lab, counters, redisDescription) -> {
            bench.redisDescription = redisDescription;
            log.println("bench: scale_jobs_per_s (" + settings.jobs() + " jobs per run after " + settings.warmups() + " warm-up jobs, "
                    + settings.rounds() + " round(s) of 1, 2 and 4 processes per side; Redis " + redisDescription + ") ...");
            bench.measure(lab, counters, log);
        });
        if (ran) bench.report(report);
    }

    private void measure(FleetLab lab, ScaleCounters counters, PrintStream log) throws Exception {
        for (int n : PROCESSES) {
            cairn.put(n, new ArrayList<>());
            plain.put(n, new ArrayList<>());
        }
        for (int round = 0; round < settings.rounds(); round++) {
            for (int n : PROCESSES) {
                boolean cairnFirst = round % 2 == 0;
                for (int side = 0; side < 2; side++) {
                    boolean isCairn = (side == 0) == cairnFirst;
                    Fleet fleet = isCairn ? lab.cairnFleet("scale-" + n, JobLength.INSTANT) : lab.plainFleet("scale-" + n, JobLength.INSTANT);
                    ScaleSample.Result r;
                    try (fleet) {
                        r = ScaleSample.measure(fleet, lab, isCairn ? counters : new ScaleCounters(null, lab.database().dataSource()), n,
                                settings.jobs(), settings.warmups());
                    } catch (Exception e) {
                        throw new IllegalStateException(fleet.side() + " with " + n + " process(es) failed: " + e.getMessage() + "\n"
                                + fleet.logTails(), e);
                    }
                    (isCairn ? cairn : plain).get(n).add(r);
                    log.printf(Locale.ROOT, "  %-5s %d process(es): %6.1f jobs/s (steady %6.1f, enqueued in %4.1f s), %5.1f Redis cmds/job,"
                                    + " %4.2f PostgreSQL row writes/job, %5.1f table scans/job (idle fleet: %.0f Redis cmds/s)%n", r.side(), n,
                            r.jobsPerSecond(), r.steadyJobsPerSecond(), r.enqueueSecs(), (double) r.run().redisTotal() / r.jobs(),
                            (double) r.run().pgTotal() / r.jobs(), (double) r.run().pgScansTotal() / r.jobs(), r.idle().redisTotal() / r.idleSeconds());
                }
            }
        }
    }

    private void report(Report report) {
        double cairn1 = median(cairn.get(1), ScaleSample.Result::jobsPerSecond);
        double plain1 = median(plain.get(1), ScaleSample.Result::jobsPerSecond);
        for (int n : PROCESSES) {
            List<ScaleSample.Result> c = cairn.get(n);
            List<ScaleSample.Result> p = plain.get(n);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("measured", n + " Cairn worker process(es) on one schema and one Redis, " + settings.jobs() + " chapter-generation jobs"
                    + " of 1 section (instant fake provider) enqueued by " + ScaleSample.PRODUCERS + " threads through the workers' APIs"
                    + " in turn; completed jobs/s from the first enqueue until the jobs table shows all SUCCEEDED");
            extra.put("peer", n + " plain JobRunr 8.7 server process(es) (PlainJobRunrServer, 5 s poll, default worker count), "
                    + settings.jobs() + " no-op JobRequests enqueued by " + ScaleSample.PRODUCERS + " threads with a JobRequestScheduler,"
                    + " measured the same way");
            extra.put("jobs", settings.jobs());
            extra.put("samples", c.size());
            extra.put("cairn_samples_jobs_per_s", Report.round(values(c, ScaleSample.Result::jobsPerSecond)));
            extra.put("plain_samples_jobs_per_s", Report.round(values(p, ScaleSample.Result::jobsPerSecond)));
            extra.put("cairn_steady_jobs_per_s", Report.round(median(c, ScaleSample.Result::steadyJobsPerSecond)));
            extra.put("plain_steady_jobs_per_s", Report.round(median(p, ScaleSample.Result::steadyJobsPerSecond)));
            extra.put("cairn_scaling_vs_1", Report.round(median(c, ScaleSample.Result::jobsPerSecond) / cairn1));
            extra.put("plain_scaling_vs_1", Report.round(median(p, ScaleSample.Result::jobsPerSecond) / plain1));
            extra.put("cairn_enqueue_s", Report.round(median(c, ScaleSample.Result::enqueueSecs)));
            extra.put("plain_enqueue_s", Report.round(median(p, ScaleSample.Result::enqueueSecs)));
            extra.put("cairn_redis_ops_per_job", Report.round(median(c, r -> (double) r.run().redisTotal() / r.jobs())));
            extra.put("cairn_redis_ops_per_job_net_of_idle", Report.round(median(c, ScaleSample.Result::redisPerJobNet)));
            extra.put("cairn_redis_ops_per_s_idle_fleet", Report.round(median(c, r -> r.idle().redisTotal() / r.idleSeconds())));
            extra.put("cairn_redis_scripts_per_job", Report.round(median(c, r -> (double) (r.run().redisCalls().getOrDefault("evalsha", 0L)
                    + r.run().redisCalls().getOrDefault("eval", 0L)) / r.jobs())));
            extra.put("cairn_redis_commands_per_job", ScaleCounters.perJob(typical(c).run().redisCalls(), settings.jobs()));
            extra.put("cairn_pg_writes_per_job", Report.round(median(c, r -> (double) r.run().pgTotal() / r.jobs())));
            extra.put("cairn_pg_writes_per_job_net_of_idle", Report.round(median(c, ScaleSample.Result::pgPerJobNet)));
            extra.put("cairn_pg_writes_per_job_by_table", ScaleCounters.perJob(typical(c).run().pgWrites(), settings.jobs()));
            extra.put("plain_pg_writes_per_job", Report.round(median(p, r -> (double) r.run().pgTotal() / r.jobs())));
            extra.put("plain_pg_writes_per_job_net_of_idle", Report.round(median(p, ScaleSample.Result::pgPerJobNet)));
            extra.put("plain_pg_writes_per_job_by_table", ScaleCounters.perJob(typical(p).run().pgWrites(), settings.jobs()));
            extra.put("cairn_pg_scans_per_job", Report.round(median(c, r -> (double) r.run().pgScansTotal() / r.jobs())));
            extra.put("plain_pg_scans_per_job", Report.round(median(p, r -> (double) r.run().pgScansTotal() / r.jobs())));
            extra.put("redis", redisDescription);
            extra.put("statistic", "median of each side's samples (" + settings.rounds() + " per side; Cairn and plain alternate, fresh"
                    + " processes and schema per sample, " + settings.warmups() + " warm-up jobs first); costs are counter differences"
                    + " over the run divided by its jobs (Redis INFO commandstats without INFO, which counts the commands a script runs"
                    + " too; pg_stat_user_tables n_tup_ins + n_tup_upd + n_tup_del, and seq_scan + idx_scan, of the schema, read after"
                    + " the processes exited); _net_of_idle takes off what the idle fleet cost in"
                    + " as long (a 5 s window before the run)");
            report.add("scale_jobs_per_s_" + n, median(c, ScaleSample.Result::jobsPerSecond), "jobs/s",
                    median(p, ScaleSample.Result::jobsPerSecond), null, extra);
        }
    }

    /** @return the sample with the median jobs/s, whose per-command and per-table breakdown is reported */
    private static ScaleSample.Result typical(List<ScaleSample.Result> results) {
        List<ScaleSample.Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(ScaleSample.Result::jobsPerSecond));
        return sorted.get(sorted.size() / 2);
    }


    private static List<Double> values(List<ScaleSample.Result> results, ToDoubleFunction<ScaleSample.Result> f) {
        return results.stream().map(r -> f.applyAsDouble(r)).toList();
    }

    private static double median(List<ScaleSample.Result> results, ToDoubleFunction<ScaleSample.Result> f) {
        return Stats.median(values(results, f));
    }
}
