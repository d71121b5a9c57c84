package dev.cairn.config;

import dev.cairn.config.internal.EnvReader;
import dev.cairn.redis.RedisConnections;
import dev.cairn.redis.RedisUrl;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Job storage (JobRunr) and Redis.
 *
 * @param databaseUrl    {@code CAIRN_DATABASE_URL}: {@code jdbc:postgresql://…}; empty = embedded H2 under the data dir
 * @param tablePrefix    {@code CAIRN_DATABASE_TABLE_PREFIX}: prefix of JobRunr's tables, e.g. {@code cairn_} or a
 *                       schema {@code cairn.}; empty = none
 * @param redisUrl       {@code CAIRN_REDIS_URL}: {@code redis://} or {@code rediss://} (one server),
 *                       {@code redis-cluster://host1:port1,host2:port2} (seed nodes of a Cluster) or
 *                       {@code redis-sentinel://host1:26379,host2:26379/masterName[?db=N]} (Sentinel), each
 *                       with a {@code rediss-} TLS variant and the password in the URL (see {@link RedisUrl});
 *                       empty = an embedded Redis started by the worker
 * @param redisKeyPrefix {@code CAIRN_REDIS_KEY_PREFIX}: prefix of every Redis key, to share one Redis between deployments
 * @param workerCount    {@code CAIRN_WORKER_COUNT}: JobRunr worker threads; empty = JobRunr's default; 0 = an API node
 *                       that takes jobs in (API, dashboard, DLQ) and runs none
 * @param pollInterval   {@code CAIRN_POLL_INTERVAL_SECONDS}: how often JobRunr looks for work (5 s minimum on SQL)
 */
public record StorageSettings(Optional<String> databaseUrl, Optional<String> tablePrefix, Optional<URI> redisUrl, String redisKeyPrefix,
                              Optional<Integer> workerCount, Duration pollInterval) {

    public static final String DEFAULT_REDIS_KEY_PREFIX = "cairn:";
    public static final int DEFAULT_POLL_INTERVAL_SECONDS = 5;
    /** Job threads per core when {@code CAIRN_WORKER_COUNT} is not set (JobRunr's default for virtual threads). */
    public static final int DEFAULT_WORKERS_PER_CORE = 16;

    /** @return the job threads to run: {@code CAIRN_WORKER_COUNT}, else {@value #DEFAULT_WORKERS_PER_CORE} per core */
    public int jobThreads() {
        return workerCount.filter(n -> n > 0).orElse(DEFAULT_WORKERS_PER_CORE * Runtime.getRuntime().availableProcessors());
    }

    /** @return whether this worker runs jobs; false for an API node ({@code CAIRN_WORKER_COUNT=0}) */
    public boolean runsJobs() {
        return workerCount.map(n -> n > 0).orElse(true);
    }

    static StorageSettings fromEnv(EnvReader env) {
        Optional<String> db = env.string("CAIRN_DATABASE_URL");
        if (db.isPresent() && !db.get().startsWith("jdbc:postgresql:") && !db.get().startsWith("jdbc:h2:")) {
            throw new ConfigException("CAIRN_DATABASE_URL", "must be a JDBC URL starting with jdbc:postgresql:// (or jdbc:h2:), got '"
                    + db.get().replaceAll("(?i)password=[^&;]*", "password=***").replaceAll("//([^/:@]*):[^@/]*@", "//$1:***@") + "'");
        }
        Optional<String> tablePrefix = env.string("CAIRN_DATABASE_TABLE_PREFIX");
        if (tablePrefix.isPresent() && !tablePrefix.get().matches("[A-Za-z_][A-Za-z0-9_]*\\.?[A-Za-z0-9_]*")) {
            throw new ConfigException("CAIRN_DATABASE_TABLE_PREFIX", "must be letters, digits and underscores, optionally a schema ending in '.', got '" + tablePrefix.get() + "'");
        }
        Optional<URI> redis = env.string("CAIRN_REDIS_URL").map(StorageSettings::redisUrl);
        String prefix = env.string("CAIRN_REDIS_KEY_PREFIX").orElse(DEFAULT_REDIS_KEY_PREFIX);
        if (prefix.contains("{") || prefix.contains("}") || prefix.contains(" ")) {
            throw new ConfigException("CAIRN_REDIS_KEY_PREFIX", "must not contain braces or spaces, got '" + prefix + "'");
        }
        Optional<Integer> workers = env.string("CAIRN_WORKER_COUNT").isPresent()
                ? Optional.of(env.integer("CAIRN_WORKER_COUNT", 0, 0, 1024)) : Optional.empty();
        // why: JobRunr refuses poll intervals under 5 s on SQL storage
        int poll = env.integer("CAIRN_POLL_INTERVAL_SECONDS", DEFAULT_POLL_INTERVAL_SECONDS, 5, 3600);
        return new StorageSettings(db, tablePrefix, redis, prefix, workers, Duration.ofSeconds(poll));
    }

    /** Refuses, at start-up, a URL {@link RedisConnections} could not connect with. */
    private static URI redisUrl(String value) {
        try {
            return RedisUrl.parse(value).uri();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CAIRN_REDIS_URL", e.getMessage());
        }
    }
}
