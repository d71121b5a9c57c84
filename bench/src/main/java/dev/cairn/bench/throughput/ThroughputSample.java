package dev.cairn.bench.throughput;

import dev.cairn.bench.fleet.BenchDatabase;
import dev.cairn.bench.fleet.BulkJobs;
import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.fleet.Fleet;
import dev.cairn.bench.fleet.FleetLab;
import dev.cairn.bench.fleet.ProcessCpu;
import dev.cairn.bench.fleet.ScaleCounters;
import dev.cairn.bench.support.Await;
import org.jobrunr.scheduling.JobBuilder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * One drain of the throughput figures: {@code jobs} jobs created in bulk on a fresh schema before any
 * process runs, then {@code n} processes of one side started together, and the jobs table's SUCCEEDED count
 * read every {@value #POLL_MS} ms until every job is done. The figure is the steady rate between 10% and 90%
 * of the jobs done (or from the moment the last process was up, when that came later than 10%), with the
 * crossings interpolated between the two reads around them; the Redis commands, PostgreSQL row writes and
 * table scans the whole drain cost, start-ups included, per job; and the CPU time per job inside the window, by
 * process and role ({@link ProcessCpu}).
 *
 * <p>Why {@value #POLL_MS} ms and {@code count(*)}: the count is a bitmap scan of JobRunr's
 * {@code jobrunr_state_idx} over up to 20,000 rows, 1–5 ms of PostgreSQL's time here; every 20 ms (the scale
 * group's probe) that would be 5–25% of a core taken from the side measured. JobRunr's
 * {@code jobrunr_jobs_stats} view is no cheaper (it counts every state of the same table). Each read is one
 * scan of {@code jobrunr_jobs}; the scans per job reported leave the probe's out.
 */
final class ThroughputSample {

    static final int POLL_MS = 200;
    private static final Duration POLL = Duration.ofMillis(POLL_MS);
    static final double LOW = 0.10;
    static final double HIGH = 0.90;
    /** JobRunr's start-up line: "… using PostgresStorageProvider and 32 BackgroundJobPerformers started successfully". */
    private static final Pattern PERFORMERS = Pattern.compile("and (\\d+) BackgroundJobPerformers started");

    /**
     * @param enqueueSecs  the bulk create of the jobs (before any process started; not in the figure)
     * @param startupSecs  launch of the processes → the last one up
     * @param doneAtStartup jobs already done when the last process was up
     * @param windowLow    jobs done at the start of the timed window: 10% of them, or {@code doneAtStartup} if more
     * @param steadySecs   window start → 90% of the jobs done
     * @param overallSecs  launch → every job done (start-ups and tail included)
     * @param run          counters' difference from before the launch until every job was done and the processes exited
     * @param probeReads   the bench's own count queries in that time (one scan of {@code jobrunr_jobs} each)
     * @param performers   JobRunr's worker count per process, as its server logged it at start ("… and 32 BackgroundJobPerformers")
     * @param cpuPerJob    CPU µs per job by role ({@link ProcessCpu#ROLES} and {@code total}) between the reads that first saw the
     *                     window's start and its end (the jobs done between those two reads); empty without {@code /proc}
     */
    record Result(String side, String job, int processes, int jobs, double enqueueSecs, double startupSecs, long doneAtStartup,
                  double windowLow, double steadySecs, double overallSecs, ScaleCounters.Snapshot run, long probeReads, int performers,
                  Map<String, Double> cpuPerJob) {

        double steadyJobsPerSecond() {
            return steadySecs > 0 ? (jobs * HIGH - windowLow) / steadySecs : Double.NaN;
        }

        double overallJobsPerSecond() {
            return jobs / overallSecs;
        }

        double redisPerJob() {
            return (double) run.redisTotal() / jobs;
        }

        double pgWritesPerJob() {
            return (double) run.pgTotal() / jobs;
        }

        /** @return seq_scan + idx_scan of the schema per job, without the bench's own count queries */
        double pgScansPerJob() {
            return (double) (run.pgScansTotal() - probeReads) / jobs;
        }
    }

    private ThroughputSample() {
    }

    /**
     * @param job the job {@code i}, without id (see {@link BulkJobs#create})
     */
    static Result measure(Fleet fleet, String jobLabel, FleetLab lab, ScaleCounters counters, int processes, int jobs,
                          IntFunction<JobBuilder> job) throws Exception {
        String prefix = fleet.tablePrefix();
        BenchDatabase database = lab.database();
        double enqueueSecs;
        try (BulkJobs bulk = BulkJobs.open(database, prefix, database.dataSource())) {
            enqueueSecs = bulk.create(jobs, job);
        }
        // why: PostgreSQL reports a backend's counts when it exits; the bench's inserts must not land in the drain
        database.dataSource().getHikariPoolMXBean().softEvictConnections();
        ScaleCounters.stablePg(counters, prefix);
        ScaleCounters.Snapshot start = counters.take(prefix);

        long t0 = System.nanoTime();
        fleet.startTogether(IntStream.rangeClosed(1, processes).mapToObj(i -> "p" + i).toList());
        long ready = System.nanoTime();
        Optional<ProcessCpu> cpu = ProcessCpu.of(fleet.processes().stream().map(ChildProcess::pid).toList(), counters.redisUrl());
        ProcessCpu.Reading cpuAtLow = null;
        ProcessCpu.Reading cpuAtHigh = null;
        long doneAtLow = 0;
        long doneAtHigh = 0;
        List<long[]> reads = new ArrayList<>(); // {nanoTime just before the read, jobs done}
        long probeReads = 0;
        long deadline = ready + Duration.ofSeconds(Math.max(300, jobs / 5)).toNanos();
        long done = -1;
        while (done < jobs) {
            if (done >= 0) Await.pause(POLL);
            for (ChildProcess p : fleet.processes()) p.checkAlive("while the backlog drained");
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out: " + done + " of " + jobs + " jobs SUCCEEDED after "
                        + (System.nanoTime() - ready) / 1_000_000_000 + " s");
            }
            long now = System.nanoTime();
            done = succeeded(database, prefix);
            probeReads++;
            reads.add(new long[]{now, done});
            if (cpu.isPresent() && cpuAtLow == null && done >= windowLow(jobs, reads.getFirst()[1])) {
                cpuAtLow = cpu.get().read();
                doneAtLow = done;
            }
            if (cpu.isPresent() && cpuAtHigh == null && done >= jobs * HIGH) {
                cpuAtHigh = cpu.get().read();
                doneAtHigh = done;
            }
        }
        Map<String, Double> cpuPerJob = cpuAtLow == null || cpuAtHigh == null ? Map.of()
                : cpuAtHigh.microsPerJob(cpuAtLow, doneAtHigh - doneAtLow);
        double overallSecs = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> redisEnd = counters.redisCalls();
        for (ChildProcess p : fleet.processes()) p.close();
        database.dataSource().getHikariPoolMXBean().softEvictConnections();
        Map<String, Long[]> pgEnd = ScaleCounters.stablePg(counters, prefix);
        ScaleCounters.Snapshot end = new ScaleCounters.Snapshot(redisEnd, ScaleCounters.column(pgEnd, 0), ScaleCounters.column(pgEnd, 1));

        long doneAtStartup = reads.getFirst()[1];
        double low = windowLow(jobs, doneAtStartup);
        double steadySecs = low >= jobs * HIGH ? Double.NaN : (crossing(reads, jobs * HIGH) - crossing(reads, low)) / 1e9;
        return new Result(fleet.side(), jobLabel, processes, jobs, enqueueSecs, (ready - t0) / 1e9, doneAtStartup, low, steadySecs,
                overallSecs, end.minus(start), probeReads, performers(fleet), cpuPerJob);
    }

    /** @return jobs done when the timed window starts: 10% of them, or those done when the last process was up, if more */
    private static double windowLow(int jobs, long doneAtStartup) {
        return Math.max(jobs * LOW, doneAtStartup);
    }

    /** @return the worker count JobRunr's server logged in the first process's log, or -1 when it is not there */
    private static int performers(Fleet fleet) {
        for (String line : fleet.processes().getFirst().logLines()) {
            Matcher m = PERFORMERS.matcher(line);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return -1;
    }

    /**
     * @return when the count reached {@code threshold}, interpolated linearly between the last read below it and
     * the first at or above it (the first read's time if that one already saw it)
     */
    static double crossing(List<long[]> reads, double threshold) {
        for (int i = 0; i < reads.size(); i++) {
            long[] r = reads.get(i);
            if (r[1] < threshold) continue;
            if (i == 0) return r[0];
            long[] before = reads.get(i - 1);
            return before[0] + (threshold - before[1]) / (r[1] - before[1]) * (r[0] - before[0]);
        }
        throw new IllegalStateException("the count never reached " + threshold);
    }

    static long succeeded(BenchDatabase database, String prefix) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement("select count(*) from " + prefix + "jobrunr_jobs where state = 'SUCCEEDED'");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
