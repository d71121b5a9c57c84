package dev.cairn.bench.support;

import dev.cairn.redis.EmbeddedRedis;
import dev.cairn.redis.RedisConnections;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The Redis the benchmarks write to: {@code CAIRN_BENCH_REDIS_URL} when set, else a Redis answering
 * PING on 127.0.0.1:6379, else an embedded Redis started in a temp dir for this run
 * ({@code CAIRN_BENCH_REDIS_URL=embedded} forces that one). Every key lives
 * under a prefix unique to the run ({@code cairn-bench-<random>:}) and is deleted at the end; nothing
 * else on that Redis is touched (no FLUSHALL).
 */
public final class BenchRedis implements AutoCloseable {

    /** Environment variable naming the Redis to use. */
    static final String URL_ENV = "CAIRN_BENCH_REDIS_URL";
    /** System property a JMH fork reads the URL from (set only for URLs the launcher chose itself). */
    static final String URL_PROPERTY = "cairn.bench.redisUrl";
    /** System property a JMH fork reads the run's key prefix from. */
    static final String PREFIX_PROPERTY = "cairn.bench.keyPrefix";

    private static final URI LOCAL = URI.create("redis://127.0.0.1:6379");

    private final URI url;
    private final String description;
    private final boolean fromEnv;
    private final String prefix;
    private final EmbeddedRedis embedded;
    private final Path embeddedDir;

    private BenchRedis(URI url, String description, boolean fromEnv, EmbeddedRedis embedded, Path embeddedDir) {
        this.url = url;
        this.description = description;
        this.fromEnv = fromEnv;
        this.embedded = embedded;
        this.embeddedDir = embeddedDir;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.prefix = "cairn-bench-" + HexFormat.of().formatHex(random) + ":";
    }

    /** Finds or starts the Redis for this run. */
    public static BenchRedis resolve() {
        String fromEnv = System.getenv(URL_ENV);
        boolean forceEmbedded = "embedded".equalsIgnoreCase(fromEnv == null ? "" : fromEnv.trim());
        if (fromEnv != null && !fromEnv.isBlank() && !forceEmbedded) {
            URI url = URI.create(fromEnv.trim());
            return new BenchRedis(url, "external " + RedisConnections.redact(url) + " (" + URL_ENV + ")", true, null, null);
        }
        if (!forceEmbedded && answersPing()) {
            return new BenchRedis(LOCAL, "external " + LOCAL + " (answered PING)", false, null, null);
        }
        try {
            Path dir = Files.createTempDirectory("cairn-bench-redis");
            EmbeddedRedis redis = EmbeddedRedis.start(dir);
            return new BenchRedis(redis.url(), "embedded " + redis.url() + " (started for this run)", false, redis, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An embedded Redis of its own, whatever {@value #URL_ENV} says: for figures that count every command
     * Redis runs ({@code INFO commandstats}), which a Redis shared with anything else would blur.
     *
     * @throws RuntimeException when it cannot be started (no redis-server for this platform)
     */
    public static BenchRedis startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("cairn-bench-redis");
            try {
                EmbeddedRedis redis = EmbeddedRedis.start(dir);
                return new BenchRedis(redis.url(), "embedded " + redis.url() + " (started for the counts)", false, redis, dir);
            } catch (RuntimeException e) {
                Files2.deleteTree(dir);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL a JMH fork connects to: the system property set by the launcher, else the environment. */
    public static URI urlInFork() {
        String property = System.getProperty(URL_PROPERTY);
        if (property != null && !property.isBlank()) return URI.create(property);
        String env = System.getenv(URL_ENV);
        if (env != null && !env.isBlank() && !env.trim().equalsIgnoreCase("embedded")) return URI.create(env.trim());
        throw new IllegalStateException("no Redis for the benchmark: run it through bench/run (or set " + URL_ENV + ")");
    }

    /** The key prefix of this run, as a JMH fork sees it. */
    public static String prefixInFork() {
        String prefix = System.getProperty(PREFIX_PROPERTY);
        if (prefix == null || prefix.isBlank()) throw new IllegalStateException("no -D" + PREFIX_PROPERTY + ": run it through bench/run");
        return prefix;
    }

    private static boolean answersPing() {
        try (Jedis jedis = new Jedis(LOCAL.getHost(), LOCAL.getPort(), 500)) {
            return "PONG".equalsIgnoreCase(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    public URI url() {
        return url;
    }

    public String prefix() {
        return prefix;
    }

    /**
     * @return JVM arguments handing this Redis to a JMH fork; a URL from the environment is not put on
     * a command line (it may carry a password): the fork inherits the environment instead
     */
    public List<String> forkArgs() {
        return fromEnv
                ? List.of("-D" + PREFIX_PROPERTY + "=" + prefix)
                : List.of("-D" + URL_PROPERTY + "=" + url, "-D" + PREFIX_PROPERTY + "=" + prefix);
    }

    /** @return e.g. {@code "external redis://127.0.0.1:6379 (answered PING), Redis 7.0.15"} */
    public String describe() {
        try (RedisClient client = RedisConnections.connect(url)) {
            String info = client.info("server");
            String version = info.lines().filter(l -> l.startsWith("redis_version:")).map(l -> l.substring(14).trim())
                    .findFirst().orElse("?");
            return description + ", Redis " + version;
        } catch (RuntimeException e) {
            return description;
        }
    }

    /** Deletes every key of this run. */
    public long deleteKeys() {
        return deleteKeys(prefix);
    }

    /**
     * Deletes the keys of this run under {@code under} (a prefix starting with {@link #prefix()}), e.g.
     * one benchmark's, so tens of MB do not stay in Redis for the rest of the run.
     */
    public long deleteKeys(String under) {
        if (!under.startsWith(prefix)) throw new IllegalArgumentException(under + " is not under this run's prefix " + prefix);
        long deleted = 0;
        try (RedisClient client = RedisConnections.connect(url)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams match = new ScanParams().match(under + "*").count(500);
            do {
                ScanResult<String> page = client.scan(cursor, match);
                for (String key : page.getResult()) deleted += client.del(key);
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
        return deleted;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
            Files2.deleteTree(embeddedDir);
        }
    }
}
