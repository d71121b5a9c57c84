package dev.cairn.bench.fleet;

import dev.cairn.api.JobSubmission;
import dev.cairn.api.client.CairnClient;
import dev.cairn.bench.support.Await;
import dev.cairn.provider.FakeProviderServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cairn's side: worker processes ({@code java -Xmx512m -cp cairn-bench.jar dev.cairn.cli.Main worker},
 * the bench jar carrying the worker) with the environment the end-to-end tests give theirs
 * ({@code TestEnv}): an own data dir, the bench Redis under a key prefix of the sample, the shared
 * PostgreSQL under a schema of the sample, a 5 s poll interval, no dashboard, and one provider,
 * {@code acme}, pointed at a local fake OpenAI-compatible server. Jobs are {@code chapter-generation}
 * jobs enqueued through the worker's API ({@code POST /api/jobs}).
 *
 * <p>{@link #benchWorkers} makes the throughput and enqueue figures' variant: {@link BenchWorkerMain}
 * processes (the bench's {@link CheckpointOnlyPipeline} next to the built-in pipelines) with the offline
 * provider, whose {@link #enqueue()} posts a {@value CheckpointOnlyPipeline#TYPE} job.
 */
public final class CairnFleet implements Fleet {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final FleetLab lab;
    private final String tablePrefix;
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final List<ChildProcess> processes = new ArrayList<>();
    private final String mainClass;
    private final List<String> mainArgs;
    private final JobSubmission job;
    /** JVM options of the processes launched from now on, after {@code -Xmx512m}. */
    private volatile List<String> jvmOptions = List.of();
    /** One client per worker started with {@link #start}, in start order; enqueues take turns over them. */
    private final List<CairnClient> clients = new CopyOnWriteArrayList<>();
    private final List<URI> urls = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * @param provider the fake provider the workers call; its delay per section sets how long a job runs
     * @param sections sections of the chapter {@link #enqueue()} asks for (as many as the provider's outline has)
     */
    CairnFleet(FleetLab lab, Path dir, String redisKeyPrefix, FakeProviderServer provider, int sections) {
        this(lab, dir, redisKeyPrefix, acme(provider), "dev.cairn.cli.Main", List.of("worker"), JobSubmission.chapter("Tides", sections, null));
    }

    private CairnFleet(FleetLab lab, Path dir, String redisKeyPrefix, Map<String, String> jobEnv, String mainClass, List<String> mainArgs,
                       JobSubmission job) {
        this.lab = lab;
        this.dir = dir;
        this.mainClass = mainClass;
        this.mainArgs = mainArgs;
        this.job = job;
        this.tablePrefix = lab.database().newTablePrefix();
        env.put("CAIRN_DATA_DIR", dir.resolve("data").toString());
        env.put("CAIRN_REDIS_URL", lab.redisUrl().toString());
        env.put("CAIRN_REDIS_KEY_PREFIX", redisKeyPrefix);
        env.put("CAIRN_DATABASE_URL", lab.database().url());
        // a dot: the worker creates the schema itself (JobStorage)
        env.put("CAIRN_DATABASE_TABLE_PREFIX", tablePrefix);
        env.put("CAIRN_DASHBOARD_PORT", "0");
        // why: the bench measures the queue, not a producer's tier: its clients send as fast as the worker takes them
        env.put("CAIRN_RATE_LIMIT_ANONYMOUS", "unlimited");
        env.put("CAIRN_RATE_LIMIT_ANONYMOUS_JOBS", "unlimited");
        env.put("CAIRN_POLL_INTERVAL_SECONDS", Long.toString(PlainJobRunrServer.POLL_INTERVAL.toSeconds()));
        env.put("CAIRN_LOG_LEVEL", "INFO"); // the logs are files here, read only when a sample fails
        env.putAll(jobEnv);
    }

    /** One provider, {@code acme}, pointed at the fake server. */
    private static Map<String, String> acme(FakeProviderServer provider) {
        Map<String, String> env = new HashMap<>();
        env.put("CAIRN_PROVIDERS", "acme");
        provider.configure(env, "acme");
        // why: far above a section's delay, so a slow section never fails the job before the kill
        env.put("CAIRN_PROVIDER_ACME_TIMEOUT", "60");
        return env;
    }

    /**
     * Workers of the throughput and enqueue figures: {@link BenchWorkerMain} processes, which run
     * {@value CheckpointOnlyPipeline#TYPE} jobs beside the built-in pipelines, with the offline provider
     * ({@code chapter-generation} without any network). {@link #enqueue()} posts a {@value CheckpointOnlyPipeline#TYPE}.
     *
     * @param extraEnv settings on top of the crash group's (e.g. {@code CAIRN_WORKER_COUNT})
     */
    static CairnFleet benchWorkers(FleetLab lab, Path dir, String redisKeyPrefix, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("CAIRN_PROVIDERS", "offline");
        return new CairnFleet(lab, dir, redisKeyPrefix, env, BenchWorkerMain.class.getName(), List.of(),
                new JobSubmission(CheckpointOnlyPipeline.TYPE, Map.of(), null));
    }

    /**
     * Workers as {@code ./cairn worker} runs them ({@code dev.cairn.cli.Main worker}, the fat jar's entry point) with the
     * offline provider: the start-up figure's.
     */
    static CairnFleet offlineWorkers(FleetLab lab, Path dir, String redisKeyPrefix) {
        return new CairnFleet(lab, dir, redisKeyPrefix, Map.of("CAIRN_PROVIDERS", "offline"), "dev.cairn.cli.Main", List.of("worker"),
                JobSubmission.chapter("Tides", 3, null));
    }

    @Override
    public void useJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
    }

    @Override
    public String side() {
        return "cairn";
    }

    @Override
    public String tablePrefix() {
        return tablePrefix;
    }

    @Override
    public Node start(String name) {
        Set<String> before = new HashSet<>(serverIdsIfAny());
        int port = ChildProcess.freePort();
        ChildProcess process = launch(name, port);
        URI url = URI.create("http://127.0.0.1:" + port);
        awaitStartup(process, url);
        urls.add(url);
        clients.add(CairnClient.create(url, null));
        // why: an API node (CAIRN_WORKER_COUNT=0) runs no JobRunr server, so it has no server id
        if ("0".equals(env.get("CAIRN_WORKER_COUNT"))) return new Node(process, null);
        // the worker's JobRunr server announced itself before the API started; the new row is this worker's
        String serverId = Await.until("the server id of " + process.name(), Duration.ofSeconds(15), Duration.ofMillis(50), () -> {
            Set<String> added = new HashSet<>(lab.tables().serverIds(tablePrefix));
            added.removeAll(before);
            if (added.size() > 1) throw new IllegalStateException("two new servers at once: " + added);
            return added.stream().findFirst();
        });
        return new Node(process, serverId);
    }

    /**
     * Starts the processes at once and waits until every one answers {@code /health/startup}; their server ids
     * are not looked up (the throughput figures need none). The schema's tables must exist already (the
     * bench creates them when it enqueues in bulk), or the workers would race to create them.
     */
    @Override
    public void startTogether(List<String> names) {
        Map<ChildProcess, URI> started = new java.util.LinkedHashMap<>();
        for (String name : names) {
            int port = ChildProcess.freePort();
            started.put(launch(name, port), URI.create("http://127.0.0.1:" + port));
        }
        started.forEach(CairnFleet::awaitStartup);
        started.values().forEach(url -> {
            urls.add(url);
            clients.add(CairnClient.create(url, null));
        });
    }

    /** @return the API base URLs of the workers started so far (with {@link #start} or {@link #startTogether}) */
    public List<URI> urls() {
        return List.copyOf(urls);
    }

    @Override
    public ChildProcess launch(String name) {
        return launch(name, ChildProcess.freePort());
    }

    private ChildProcess launch(String name, int port) {
        Map<String, String> own = new HashMap<>(env);
        own.put("CAIRN_HTTP_PORT", Integer.toString(port));
        ChildProcess process = ChildProcess.startJava("cairn worker " + name, jvmOptions, mainClass, mainArgs, own, dir.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    private static void awaitStartup(ChildProcess process, URI url) {
        HttpRequest probe = HttpRequest.newBuilder(url.resolve("/health/startup")).timeout(Duration.ofSeconds(2)).build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            Await.until(process.name() + " to answer 200 on /health/startup", STARTUP_TIMEOUT, Duration.ofMillis(100), () -> {
                process.checkAlive("during start-up");
                try {
                    return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? Optional.of(true) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty(); // not listening yet
                }
            });
        }
    }

    /** @return the servers registered so far; none before the first worker created JobRunr's tables */
    private List<String> serverIdsIfAny() {
        if (processes.isEmpty()) return List.of();
        try {
            return lab.tables().serverIds(tablePrefix);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the servers of " + tablePrefix + ": " + e.getMessage(), e);
        }
    }

    /**
     * Enqueues through the API ({@code POST /api/jobs}) of the workers started with {@link #start}, taking
     * turns, as a load balancer in front of them would: with one worker (the crash and pickup figures, which
     * enqueue before any kill) always the first; the scale-out figures' producers spread over all of them.
     */
    @Override
    public String enqueue() {
        if (clients.isEmpty()) throw new IllegalStateException("no Cairn worker started yet to enqueue through");
        CairnClient client = clients.get(Math.floorMod(turn.getAndIncrement(), clients.size()));
        return client.enqueue(job);
    }

    @Override
    public List<ChildProcess> processes() {
        return List.copyOf(processes);
    }

    @Override
    public void close() {
        try {
            processes.forEach(ChildProcess::close);
        } finally {
            lab.database().dropSchema(tablePrefix);
        }
    }
}
