package dev.cairn.bench.fleet;

import dev.cairn.bench.support.Await;
import dev.cairn.bench.support.BenchRedis;
import dev.cairn.bench.support.Files2;
import dev.cairn.provider.ChapterReplies;
import dev.cairn.provider.FakeProviderServer;
import dev.cairn.provider.FakeProviderServer.Behaviour;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What the groups of worker processes share (the crash, scale, throughput and enqueue groups): the PostgreSQL
 * their processes meet in, the bench Redis, fake providers (slow sections for the crash figures' long jobs,
 * 250 ms sections for the pickup figure's short ones, instant ones for the scale-out figures), a scratch dir
 * for the processes' data and logs, and the fleets made from them. Each group opens a lab of its own
 * ({@link #open}); the crash group's is {@link dev.cairn.bench.crash.CrashGroup}'s, the scale and throughput
 * groups' come from {@link CountedLab}.
 */
public final class FleetLab implements AutoCloseable {

    /** The job a fleet enqueues. */
    public enum JobLength {
        /**
         * The crash figures': a chapter of 20 sections of 5 s each (100 s), or a 120 s sleep, so it is
         * still PROCESSING after any recovery (~30 s at most so far).
         */
        LONG(20, Duration.ofSeconds(5), Duration.ofSeconds(120)),
        /** The pickup figure's: a chapter of one 250 ms section, or a 250 ms sleep: long enough for a 10 ms poll to see it PROCESSING. */
        SHORT(1, Duration.ofMillis(250), Duration.ofMillis(250)),
        /** The scale-out figures': a chapter of one section answered at once, or a no-op job ({@link PlainNoopJob}). */
        INSTANT(1, Duration.ZERO, Duration.ZERO);

        final int sections;
        final Duration sectionDelay;
        final Duration sleep;

        JobLength(int sections, Duration sectionDelay, Duration sleep) {
            this.sections = sections;
            this.sectionDelay = sectionDelay;
            this.sleep = sleep;
        }
    }

    private final BenchDatabase database;
    private final JobRunrTables tables;
    private final BenchRedis redis;
    private final PrintStream log;
    private final String keyPrefix;
    private final Map<JobLength, FakeProviderServer> providers = new EnumMap<>(JobLength.class);
    private final Path scratch;
    private final AtomicInteger fleets = new AtomicInteger();
    private boolean keepScratch;

    private FleetLab(BenchDatabase database, BenchRedis redis, String group, PrintStream log) throws IOException {
        this.database = database;
        this.log = log;
        this.tables = new JobRunrTables(database.dataSource());
        this.redis = redis;
        this.keyPrefix = redis.prefix() + group + ":";
        this.scratch = Files.createTempDirectory("cairn-bench-" + group);
    }

    /**
     * A lab for one group of processes, its Redis keys under {@code <run prefix><group>:} and its scratch dir
     * named after it. The caller closes the lab, then the database.
     */
    public static FleetLab open(BenchDatabase database, BenchRedis redis, String group, PrintStream log) {
        try {
            return new FleetLab(database, redis, group, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fake provider answering the outline at once with {@code length.sections} sections, and each section
     * after its delay; started on first use, one per job length.
     */
    private synchronized FakeProviderServer chapterProvider(JobLength length) {
        return providers.computeIfAbsent(length, l -> {
            FakeProviderServer provider = FakeProviderServer.start();
            provider.respondWith((request, number) -> ChapterReplies.isOutline(request)
                    ? Behaviour.ok(ChapterReplies.outline("Tides", l.sections))
                    : Behaviour.slow(l.sectionDelay, Behaviour.ok("## Section\n\nA reply, request " + number + ".")));
            return provider;
        });
    }

    /** @return a fleet of Cairn workers on a fresh schema and Redis key prefix, whose job is a chapter of {@code length} */
    public Fleet cairnFleet(String label, JobLength length) {
        int n = fleets.incrementAndGet();
        return new CairnFleet(this, fleetDir(n, "cairn", label), keyPrefix + n + ":", chapterProvider(length), length.sections);
    }

    /**
     * @param extraEnv worker settings on top of the crash group's (e.g. {@code CAIRN_WORKER_COUNT})
     * @return a fleet of {@link BenchWorkerMain} workers (the checkpoint-only pipeline, the offline provider) on a
     * fresh schema and Redis key prefix: the throughput and enqueue figures'
     */
    public CairnFleet benchWorkerFleet(String label, Map<String, String> extraEnv) {
        int n = fleets.incrementAndGet();
        return CairnFleet.benchWorkers(this, fleetDir(n, "cairn", label), keyPrefix + n + ":", extraEnv);
    }

    /** @return a fleet of workers as {@code ./cairn worker} runs them, with the offline provider, on a fresh schema and Redis key prefix */
    public CairnFleet workerFleet(String label) {
        int n = fleets.incrementAndGet();
        return CairnFleet.offlineWorkers(this, fleetDir(n, "cairn", label), keyPrefix + n + ":");
    }

    /** @return a fleet of plain JobRunr servers on a fresh schema, whose job sleeps {@code length.sleep} */
    public Fleet plainFleet(String label, JobLength length) {
        return new PlainFleet(this, fleetDir(fleets.incrementAndGet(), "plain", label), length.sleep);
    }

    private Path fleetDir(int n, String side, String label) {
        try {
            return Files.createDirectories(scratch.resolve(String.format("%02d-%s-%s", n, side, label)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls the job's row every {@code every} until it is PROCESSING on a server {@code accepted}, checking
     * before every read that the processes which must run are alive.
     */
    public JobRunrTables.Processing awaitProcessing(Fleet fleet, String jobId, Predicate<String> accepted, String onWhat,
                                             Duration timeout, Duration every, ChildProcess... mustRun) {
        return Await.until("job " + jobId + " PROCESSING " + onWhat + " (" + fleet.side() + ")", timeout, every, () -> {
            for (ChildProcess p : mustRun) p.checkAlive("while job " + jobId + " was awaited");
            return tables.processing(fleet.tablePrefix(), jobId).filter(p -> accepted.test(p.serverId()));
        });
    }

    /** @return the job's state column, or empty when not stored */
    public Optional<String> state(Fleet fleet, String jobId) {
        try {
            return tables.state(fleet.tablePrefix(), jobId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read job " + jobId + ": " + e.getMessage(), e);
        }
    }

    public BenchDatabase database() {
        return database;
    }

    JobRunrTables tables() {
        return tables;
    }

    URI redisUrl() {
        return redis.url();
    }

    /** Keeps the processes' logs after this lab closes (a group that failed prints where they are). */
    public void keepScratch() {
        keepScratch = true;
    }

    public Path scratch() {
        return scratch;
    }

    @Override
    public void close() {
        providers.values().forEach(FakeProviderServer::close);
        long keys = redis.deleteKeys(keyPrefix);
        if (keys > 0) log.println("bench: deleted the " + keyPrefix + " Redis key(s): " + keys);
        if (!keepScratch) Files2.deleteTree(scratch);
    }
}
