package dev.cairn.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.client.CairnClient;
import dev.cairn.bench.fleet.BenchDatabase;
import dev.cairn.bench.fleet.CairnFleet;
import dev.cairn.bench.fleet.ChildProcess;
import dev.cairn.bench.support.Await;
import dev.cairn.redis.RedisConnections;
import redis.clients.jedis.RedisClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The chaos soak's worker processes: {@code n} slots, each running one incarnation of a Cairn worker
 * ({@code java -Xmx512m -cp cairn-bench.jar dev.cairn.cli.Main worker}) at a time, all on one PostgreSQL
 * schema, one Redis key prefix and one data dir (a shared volume: a job resumed on another worker finds
 * its files). A killed slot is relaunched at once; {@link #poll()} notices when an incarnation is up.
 *
 * <p>Environment beyond the crash group's ({@link CairnFleet}): {@code CAIRN_WORKER_COUNT} small, so jobs
 * queue up; {@code CAIRN_JOB_RETRY_BACKOFF_SEED=1}, so a provider failure is retried after 1 s (it then
 * waits for the master's next poll tick, up to 5 s); {@code CAIRN_JOB_MAX_CRASH_RECOVERIES} at
 * {@value ChaosSettings#MAX_CRASH_RECOVERIES} instead of 3, because random kills every few seconds hit some
 * long jobs more than 3 times (counted and reported separately); and a breaker that a 10% error rate does
 * not open (30 failures in 10 s, 2 s open), since the soak tests crash recovery, not breakers.
 */
final class ChaosFleet implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One incarnation of a slot: a worker process from its launch until it is killed. */
    static final class Worker {
        final String name;
        final ChildProcess process;
        final URI url;
        final long launchedNanos;
        volatile String serverId;
        volatile long upNanos;

        Worker(String name, ChildProcess process, URI url) {
            this.name = name;
            this.process = process;
            this.url = url;
            this.launchedNanos = System.nanoTime();
        }

        /** @return whether it answered /health/startup, its server id is known, and it still runs */
        boolean up() {
            return serverId != null && process.alive();
        }
    }

    /** A worker that exited without being killed by the soak: a finding, with its log's tail. */
    record UnexpectedExit(String worker, Instant seenAt, String logTail) {
    }

    private final Map<String, String> env = new HashMap<>();
    private final Path dir;
    private final Worker[] slots;
    private final int[] incarnations;
    private final List<Worker> all = new ArrayList<>();
    private final List<UnexpectedExit> unexpectedExits = new ArrayList<>();
    private final RedisClient redis;
    private final String leaseInfoKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<Worker, CairnClient> clients = new HashMap<>();

    ChaosFleet(ChaosSettings settings, BenchDatabase database, String tablePrefix, URI redisUrl, String keyPrefix,
               ChaosProvider provider, Path dir) {
        this.dir = dir;
        this.slots = new Worker[settings.workers()];
        this.incarnations = new int[settings.workers()];
        this.redis = RedisConnections.connect(redisUrl);
        this.leaseInfoKey = keyPrefix + "worker:{fleet}:info";
        env.put("CAIRN_DATA_DIR", dir.resolve("data").toString());
        env.put("CAIRN_REDIS_URL", redisUrl.toString());
        env.put("CAIRN_REDIS_KEY_PREFIX", keyPrefix);
        env.put("CAIRN_DATABASE_URL", database.url());
        env.put("CAIRN_DATABASE_TABLE_PREFIX", tablePrefix);
        env.put("CAIRN_DASHBOARD_PORT", "0");
        // why: the bench measures the queue, not a producer's tier: its clients send as fast as the worker takes them
        env.put("CAIRN_RATE_LIMIT_ANONYMOUS", "unlimited");
        env.put("CAIRN_RATE_LIMIT_ANONYMOUS_JOBS", "unlimited");
        env.put("CAIRN_POLL_INTERVAL_SECONDS", "5");
        env.put("CAIRN_LOG_LEVEL", "INFO");
        env.put("CAIRN_WORKER_COUNT", Integer.toString(settings.workerThreads()));
        env.put("CAIRN_JOB_RETRY_BACKOFF_SEED", "1");
        env.put("CAIRN_JOB_MAX_CRASH_RECOVERIES", Integer.toString(ChaosSettings.MAX_CRASH_RECOVERIES));
        env.put("CAIRN_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "30");
        env.put("CAIRN_CIRCUIT_BREAKER_FAILURE_WINDOW", "10");
        env.put("CAIRN_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "2");
        env.put("CAIRN_PROVIDERS", "acme");
        provider.configure(env);
        env.put("CAIRN_PROVIDER_ACME_TIMEOUT", "60");
    }

    /** @return the input dir every worker of the fleet reads (their shared data dir's {@code input}) */
    Path inputDir() {
        return dir.resolve("data").resolve("input");
    }

    /**
     * Launches the first slot and waits until it is up, then the others together. Why not all at once:
     * the first worker creates JobRunr's tables in the fresh schema, and workers that start together on
     * an empty schema race to create them (see bench/README.md, chaos soak); restarts during the soak
     * always find the tables there.
     */
    void startAll() {
        launch(0);
        awaitAllUp(STARTUP_TIMEOUT, 1);
        for (int i = 1; i < slots.length; i++) launch(i);
        awaitAllUp(STARTUP_TIMEOUT);
    }

    /** Starts a new incarnation in {@code slot}, without waiting: {@link #poll()} sees it come up. */
    Worker launch(int slot) {
        int port = ChildProcess.freePort();
        String name = "w" + (slot + 1) + "." + (++incarnations[slot]);
        Map<String, String> own = new HashMap<>(env);
        own.put("CAIRN_HTTP_PORT", Integer.toString(port));
        ChildProcess process = ChildProcess.startJava("cairn worker " + name, "dev.cairn.cli.Main", List.of("worker"), own,
                dir.resolve(name + ".log"));
        Worker worker = new Worker(name, process, URI.create("http://127.0.0.1:" + port));
        slots[slot] = worker;
        all.add(worker);
        return worker;
    }

    /**
     * One look at every slot that is not up: notes when it answers and which server it is, and relaunches
     * (recording it) one that exited on its own.
     */
    void poll() {
        for (int i = 0; i < slots.length; i++) {
            Worker w = slots[i];
            if (w == null) continue;
            if (!w.process.alive()) {
                unexpectedExits.add(new UnexpectedExit(w.name, Instant.now(), w.process.tail()));
                launch(i);
                continue;
            }
            if (w.serverId != null) continue;
            if (System.nanoTime() - w.launchedNanos > STARTUP_TIMEOUT.toNanos()) {
                throw new IllegalStateException(w.name + " did not start within " + STARTUP_TIMEOUT.toSeconds() + " s; its log: " + w.process.log());
            }
            if (answersStartup(w)) w.serverId = serverIdOf(w.process.pid());
            if (w.serverId != null) w.upNanos = System.nanoTime();
        }
    }

    /** Polls until every slot is up. */
    void awaitAllUp(Duration timeout) {
        awaitAllUp(timeout, slots.length);
    }

    /** Polls until the first {@code count} slots are up. */
    private void awaitAllUp(Duration timeout, int count) {
        Await.until(count + " worker(s) up", timeout, Duration.ofMillis(100), () -> {
            poll();
            for (int i = 0; i < count; i++) if (!slots[i].up()) return java.util.Optional.empty();
            return java.util.Optional.of(true);
        });
    }

    private boolean answersStartup(Worker w) {
        HttpRequest probe = HttpRequest.newBuilder(w.url.resolve("/health/startup")).timeout(Duration.ofSeconds(1)).build();
        try {
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The worker's lease names it {@code <host> (pid <pid>)}; it is taken before the server runs jobs. */
    private String serverIdOf(long pid) {
        String tag = "(pid " + pid + ")";
        for (Map.Entry<String, String> e : redis.hgetAll(leaseInfoKey).entrySet()) {
            try {
                JsonNode info = JSON.readTree(e.getValue());
                if (info.path("name").asText("").endsWith(tag)) return e.getKey();
            } catch (IOException ignored) {
                // not ours to judge here; the next poll looks again
            }
        }
        return null;
    }

    /** @return the slots whose worker is up */
    List<Integer> upSlots() {
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) if (slots[i] != null && slots[i].up()) up.add(i);
        return up;
    }

    Worker worker(int slot) {
        return slots[slot];
    }

    /** @return a client of a worker that is up (the first one), for enqueueing and reading jobs */
    CairnClient client() {
        for (Worker w : slots) {
            if (w != null && w.up()) return clients.computeIfAbsent(w, x -> CairnClient.create(x.url, null));
        }
        throw new IllegalStateException("no worker is up to talk to");
    }

    /** @return the workers' shared output dir, one dir per job inside */
    Path outputDir() {
        return dir.resolve("data").resolve("output");
    }

    List<UnexpectedExit> unexpectedExits() {
        return List.copyOf(unexpectedExits);
    }

    /** @return every incarnation so far, for their logs */
    List<Worker> all() {
        return List.copyOf(all);
    }

    int incarnations() {
        return all.size();
    }

    /** Kills every process; the schema and keys are the caller's to drop. */
    @Override
    public void close() {
        try {
            for (Worker w : all) w.process.close();
        } finally {
            redis.close();
            http.close();
        }
    }
}
