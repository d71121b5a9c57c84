package dev.cairn.bench.chaos;

import dev.cairn.bench.chaos.ChaosWorkload.JobSpec;
import dev.cairn.bench.fleet.BenchDatabase;
import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.support.Await;
import dev.cairn.bench.support.BenchLogs;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Files2;
import dev.cairn.bench.support.Machine;
import dev.cairn.redis.RedisConnections;
import redis.clients.jedis.RedisClient;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The chaos soak ({@code bench/chaos}, issue #8): several Cairn worker processes on one PostgreSQL and one
 * Redis run a few hundred {@code pdf-processing} and {@code chapter-generation} jobs (the latter against a
 * slow provider that fails 1 request in 10) while a random worker is killed with {@code kill -9} every few
 * seconds and restarted, for a bounded time; then every job must finish, and the audit
 * ({@link ChaosAudit}) counts jobs lost, completed steps run twice, duplicate outputs and jobs wrongly in
 * the DLQ (all must be 0), the time to drain after the last kill and the restart→resume latencies.
 * Writes {@code bench/results/chaos-latest.json} and prints a table; exits 0 when the four figures are 0
 * and every job drained, 1 when not, 2 on a bad option, 3 when the soak itself could not run.
 */
public final class ChaosSoak {

    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final Duration DLQ_WAIT = Duration.ofSeconds(30);
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "DELETED");

    private final ChaosSettings settings;
    private final PrintStream log;
    private long lastProgress = System.nanoTime();

    private ChaosSoak(ChaosSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(ChaosSettings.USAGE);
            return;
        }
        ChaosSettings settings;
        try {
            settings = ChaosSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("chaos: " + e.getMessage());
            System.err.println(ChaosSettings.USAGE);
            System.exit(2);
            return;
        }
        BenchLogs.quiet();
        int code;
        try {
            code = new ChaosSoak(settings, System.out).run();
        } catch (Exception e) {
            System.err.println("chaos: the soak could not run: " + e);
            e.printStackTrace(System.err);
            code = 3;
        }
        System.exit(code);
    }

    private int run() throws Exception {
        ChildProcess.benchJar(); // fail now, not after the build-up, when not run from the jar
        BenchDatabase database;
        try {
            database = BenchDatabase.resolve();
        } catch (BenchDatabase.Unavailable e) {
            log.println("chaos: needs a PostgreSQL its worker processes can share: " + e.getMessage());
            return 3;
        }
        log.println("chaos: " + settings);
        try (database; BenchRedis redis = BenchRedis.resolve(); ChaosProvider provider = new ChaosProvider(settings.seed())) {
            String keyPrefix = redis.prefix() + "chaos:";
            String tablePrefix = database.newTablePrefix();
            Path scratch = Files.createTempDirectory("cairn-chaos");
            log.println("chaos: PostgreSQL " + database.description() + ", schema " + tablePrefix + " Redis " + redis.describe()
                    + " under " + keyPrefix + ", workers' logs in " + scratch);
            boolean keep = settings.keepLogs();
            ChaosFleet fleet = new ChaosFleet(settings, database, tablePrefix, redis.url(), keyPrefix, provider, scratch);
            try (RedisClient redisClient = RedisConnections.connect(redis.url())) {
                ChaosReport.Run result = soak(fleet, new ChaosProbe(database.dataSource(), tablePrefix), redisClient, keyPrefix,
                        provider, scratch, redis.describe());
                keep |= !ChaosReport.passed(result) || !result.unexpectedExits().isEmpty();
                if (!result.findings().passed()) dumpJobs(new ChaosProbe(database.dataSource(), tablePrefix), result.findings(), scratch);
                if (keep) result = withLogsKept(result, scratch);
                ChaosReport.write(settings.out(), result);
                ChaosReport.printTable(log, result);
                log.println();
                log.println("chaos: " + (ChaosReport.passed(result) ? "PASS" : "FAIL") + "; wrote " + settings.out()
                        + (keep ? "; workers' logs and outputs kept in " + scratch : ""));
                return ChaosReport.passed(result) ? 0 : 1;
            } catch (Exception e) {
                keep = true;
                log.println("chaos: failed; workers' logs kept in " + scratch);
                throw e;
            } finally {
                fleet.close();
                database.dropSchema(tablePrefix);
                redis.deleteKeys(keyPrefix);
                if (!keep) Files2.deleteTree(scratch);
            }
        }
    }

    private ChaosReport.Run soak(ChaosFleet fleet, ChaosProbe probe, RedisClient redis, String keyPrefix, ChaosProvider provider,
                                 Path scratch, String redisDescription) throws Exception {
        long t = System.nanoTime();
        fleet.startAll();
        log.printf(Locale.ROOT, "chaos: %d workers up in %.1f s%n", settings.workers(), (System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
        List<JobSpec> jobs = ChaosWorkload.enqueue(fleet.client(), scratch.resolve("inputs"), fleet.inputDir(), settings.jobs(), settings.seed());
        Set<String> ids = jobs.stream().map(JobSpec::id).collect(Collectors.toSet());
        log.printf(Locale.ROOT, "chaos: enqueued %d jobs in %.1f s; kills start%n", jobs.size(), (System.nanoTime() - t) / 1e9);

        ChaosMonkey monkey = new ChaosMonkey(fleet, probe, redis, keyPrefix, settings.seed(), log);
        long phaseStart = System.nanoTime();
        List<ChaosMonkey.Kill> kills = monkey.run(settings.killPhase(), settings.killEvery(), () -> finished(probe, ids) == ids.size());
        double phaseSeconds = (System.nanoTime() - phaseStart) / 1e9;
        Instant lastKill = kills.isEmpty() ? Instant.now() : kills.getLast().at();
        log.printf(Locale.ROOT, "chaos: kill phase over after %.0f s (%d kills); draining%n", phaseSeconds, kills.size());

        fleet.awaitAllUp(STARTUP);
        Double drain = drain(fleet, probe, ids, lastKill);
        awaitDlq(fleet, probe, ids);
        ChaosFindings findings = new ChaosAudit(probe, fleet.client(), provider, fleet.outputDir()).run(jobs, kills, settings.workerThreads());
        List<Path> logs = fleet.all().stream().map(w -> w.process.log()).toList();
        return new ChaosReport.Run(settings, Machine.describe("chaos-" + settings.profile(), redisDescription), findings, kills,
                monkey.skipped(), monkey.endedEarly(), drain, phaseSeconds, fleet.incarnations(), fleet.unexpectedExits(),
                provider.requests(), provider.failures(), provider.unrecognised(), ChaosLogs.warnings(logs, 25), null);
    }

    /** @return seconds from the last kill until every job finished, or null when they did not within the drain timeout */
    private Double drain(ChaosFleet fleet, ChaosProbe probe, Set<String> ids, Instant lastKill) {
        try {
            Instant done = Await.until("every job to finish", settings.drainTimeout(), Duration.ofMillis(250), () -> {
                fleet.poll();
                return finished(probe, ids) == ids.size() ? Optional.of(Instant.now()) : Optional.empty();
            });
            double seconds = Duration.between(lastKill, done).toMillis() / 1e3;
            log.printf(Locale.ROOT, "chaos: every job finished %.1f s after the last kill%n", seconds);
            return seconds;
        } catch (IllegalStateException e) {
            log.println("chaos: " + e.getMessage() + " (" + finished(probe, ids) + " of " + ids.size() + " finished)");
            return null;
        }
    }

    /** A job FAILED for good is shipped to the DLQ just after JobRunr saved it: give that a moment before the audit. */
    private void awaitDlq(ChaosFleet fleet, ChaosProbe probe, Set<String> ids) {
        try {
            long failed = probe.states().entrySet().stream().filter(e -> ids.contains(e.getKey()) && e.getValue().equals("FAILED")).count();
            Await.until(failed + " failed job(s) in the DLQ", DLQ_WAIT, Duration.ofMillis(500), () -> {
                String page = fleet.client().dlqList(Map.of("limit", "1"));
                int total = new com.fasterxml.jackson.databind.ObjectMapper().readTree(page).path("total").asInt(0);
                return total >= failed ? Optional.of(total) : Optional.empty();
            });
        } catch (IllegalStateException | SQLException e) {
            log.println("chaos: " + e.getMessage() + "; the audit reports what is missing");
        }
    }

    /** @return how many of {@code ids} are in a final state; prints progress every 15 s */
    private int finished(ChaosProbe probe, Set<String> ids) {
        try {
            Map<String, String> states = probe.states();
            int done = 0;
            for (String id : ids) if (FINAL.contains(states.get(id))) done++;
            if (System.nanoTime() - lastProgress > Duration.ofSeconds(15).toNanos()) {
                lastProgress = System.nanoTime();
                log.println("chaos: " + done + " of " + ids.size() + " jobs finished");
            }
            return done;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the jobs' states: " + e.getMessage(), e);
        }
    }

    /**
     * Writes JobRunr's JSON (the whole state history) of every job with a finding to {@code <scratch>/jobs/},
     * since the schema is dropped at the end: what a reader needs to follow the job through the logs.
     */
    private void dumpJobs(ChaosProbe probe, ChaosFindings findings, Path scratch) {
        try {
            Path dir = Files.createDirectories(scratch.resolve("jobs"));
            for (String id : findings.violations().stream().map(ChaosFindings.Finding::jobId).distinct().limit(50).toList()) {
                Optional<String> json = probe.json(id);
                if (json.isPresent()) Files.writeString(dir.resolve(id + ".json"), json.get());
            }
            log.println("chaos: JobRunr's JSON of the jobs with findings is in " + dir);
        } catch (Exception e) {
            log.println("chaos: could not keep the JSON of the jobs with findings: " + e.getMessage());
        }
    }

    private static ChaosReport.Run withLogsKept(ChaosReport.Run r, Path scratch) {
        return new ChaosReport.Run(r.settings(), r.machine(), r.findings(), r.kills(), r.skippedKills(), r.endedEarly(), r.drainSeconds(),
                r.killPhaseSeconds(), r.incarnations(), r.unexpectedExits(), r.providerRequests(), r.providerFailures(),
                r.providerUnexpected(), r.workerWarnings(), scratch.toString());
    }
}
